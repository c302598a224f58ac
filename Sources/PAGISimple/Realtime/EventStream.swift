public import HTTPTypes
import Logging
public import NIOCore
public import PAGI
public import PAGIPubSub
import Synchronization

/// A server-sent event stream, as a ``SimpleApp/sse(_:where:_:)`` handler gets it.
///
/// ```swift
/// app.sse("/events/:user") { stream in
///     try await stream.subscribe("user:" + (stream.parameter("user") ?? ""))
///     try await stream.send("Welcome", event: "welcome", id: "1")
/// }   // the stream stays open for the channel until the client leaves
/// ```
///
/// The stream starts (200, `text/event-stream`) with the first event, or explicitly with
/// ``start(headers:)``; ``decline(_:_:headers:)`` answers with an ordinary HTTP response
/// instead (401, 404...). When the handler returns, the stream closes, unless it is
/// subscribed to channels: then it stays open, sending what is published there, until the
/// client leaves or ``close()`` is called. A handler that returns without sending anything
/// answers 204 (which tells an `EventSource` not to reconnect); one that throws answers with
/// the error's status before the stream started, and closes it after. Sends after the client
/// left do nothing.
///
/// The request body (rare for an event stream) is not readable: the stream watches the
/// connection for the client leaving.
public final class EventStream: Sendable {
    enum Phase: Sendable, Equatable {
        case pending
        case streaming
        case closed
        case declined
    }

    struct State: Sendable {
        var phase = Phase.pending
        var disconnected = false
        var waiters: [CheckedContinuation<Void, Never>] = []
        var transforms: [String: Transform] = [:]
    }

    /// How a channel's message becomes an event (`nil`: not sent).
    public typealias Transform = @Sendable (PubSubMessage) -> SSEEvent?

    /// The request: path parameters, query, headers, cookies, stash, services, logger.
    public let context: Context
    let sendEvent: Send
    let state = Mutex(State())
    let sends = AsyncGate()
    let membership: ChannelMembership

    init(context: Context, pubsub: PubSub, bufferSize: Int, send: @escaping Send) {
        self.context = context
        self.sendEvent = send
        let delivery = WeakReference<EventStream>()
        self.membership = ChannelMembership(pubsub: pubsub, bufferSize: bufferSize) { message in
            guard let stream = delivery.object else { return }
            let transform = stream.state.withLock { $0.transforms[message.channel] }
            guard let event = transform.map({ $0(message) }) ?? Self.defaultEvent(message) else { return }
            try await stream.send(event)
        } onEnd: { _ in
            // Overflowed: the client reconnects (with Last-Event-ID) and catches up.
            await delivery.object?.close()
        }
        delivery.object = self
    }

    /// The path parameter `name`.
    public func parameter(_ name: String) -> String? { self.context.parameter(name) }

    /// The `Last-Event-ID` the client sent when reconnecting: the `id` of the last event it got.
    public var lastEventID: String? { self.context.request.headers[.lastEventID] }

    /// Whether the client left or the stream was closed.
    public var isClosed: Bool { self.state.withLock { $0.disconnected || $0.phase == .closed || $0.phase == .declined } }

    // MARK: - Starting and declining

    /// Starts the stream: 200 with `headers` (`content-type: text/event-stream` unless given).
    /// Starting again does nothing.
    public func start(status: HTTPResponse.Status = .ok, headers: Headers = [:]) async throws {
        try await self.sends.withGate {
            switch self.state.withLock({ $0.phase }) {
            case .streaming, .closed: return
            case .declined: throw PAGIError(.invalidEvent, "The event stream was declined: it cannot start")
            case .pending: break
            }
            try await self.sendEvent(.sseStart(status: status, headers: headers))
            self.state.withLock { $0.phase = .streaming }
        }
    }

    /// Answers with an ordinary HTTP response instead of a stream: `status` and `message` as
    /// plain text. Only before the stream started.
    public func decline(_ status: HTTPResponse.Status, _ message: String? = nil, headers: Headers = [:]) async throws {
        try await self.sends.withGate {
            guard self.state.withLock({ $0.phase }) == .pending else {
                throw PAGIError(.invalidEvent, "The event stream has started: it cannot be declined")
            }
            self.state.withLock { $0.phase = .declined }
            var fields = headers
            if !fields.contains(.contentType) { fields.append(.contentType, "text/plain; charset=utf-8") }
            try await self.sendEvent(.sseHTTPResponseStart(ResponseStart(status: status, headers: fields)))
            try await self.sendEvent(.sseHTTPResponseBody(ByteBuffer(string: message ?? status.reasonPhrase)))
        }
        self.membership.end()
    }

    // MARK: - Events

    /// Sends `event`, starting the stream first if needed; after the client left, or after
    /// ``close()``, it does nothing.
    public func send(_ event: SSEEvent) async throws {
        try await self.start()
        try await self.sends.withGate {
            guard self.isOpen else { return }
            try await self.sendEvent(.sseSend(event))
        }
    }

    /// Sends an event: `data` (several lines become several `data:` lines), an `event` name
    /// for `addEventListener`, an `id` the client sends back as `Last-Event-ID`, and a
    /// `retry` delay for its reconnections.
    public func send(_ data: String, event: String? = nil, id: String? = nil, retry: Duration? = nil) async throws {
        let milliseconds = retry.map { Int($0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000) }
        try await self.send(SSEEvent(data: data, event: event, id: id, retry: milliseconds))
    }

    /// Sends `value` as the JSON data of an event.
    public func send(json value: some Encodable, event: String? = nil, id: String? = nil) async throws {
        try await self.send(try WebSocketMessage.json(value).text ?? "", event: event, id: id)
    }

    /// Sends a comment line (clients ignore it; proxies see traffic).
    public func comment(_ text: String) async throws {
        try await self.start()
        try await self.sends.withGate {
            guard self.isOpen else { return }
            try await self.sendEvent(.sseComment(text))
        }
    }

    /// Has the server send `comment` every `interval` while nothing else is sent (keeps
    /// proxies from closing an idle stream); `.zero` stops it.
    public func keepAlive(every interval: Duration, comment: String = "keepalive") async throws {
        try await self.sends.withGate {
            guard !self.isClosed else { return }
            try await self.sendEvent(.sseKeepalive(interval: interval, comment: comment))
        }
    }

    /// Ends the stream (and its channel subscriptions); before it started, answers 204.
    /// Closing again does nothing.
    public func close() async {
        self.membership.end()
        _ = try? await self.sends.withGate {
            let phase = self.state.withLock { state in
                let phase = state.disconnected ? .closed : state.phase
                switch state.phase {
                case .streaming: state.phase = .closed
                case .pending: state.phase = .declined
                case .closed, .declined: break
                }
                return phase
            }
            switch phase {
            case .streaming: try await self.sendEvent(.sseClose())
            // Closed before it started: 204 tells an EventSource not to reconnect.
            case .pending:
                try await self.sendEvent(.sseHTTPResponseStart(ResponseStart(status: .noContent)))
                try await self.sendEvent(.sseHTTPResponseBody(ByteBuffer()))
            case .closed, .declined: break
            }
        }
        self.wakeWaiters()
    }

    /// Returns once the client has left or the stream was closed.
    public func waitUntilClosed() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = self.state.withLock { state in
                if state.disconnected || state.phase == .closed || state.phase == .declined { return true }
                state.waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    var isOpen: Bool { self.state.withLock { $0.phase == .streaming && !$0.disconnected } }

    /// The client left (the connection watcher saw `sse.disconnect`).
    func clientLeft() {
        self.state.withLock { $0.disconnected = true }
        self.membership.end()
        self.wakeWaiters()
    }

    private func wakeWaiters() {
        for waiter in self.state.withLock({ state in defer { state.waiters = [] }; return state.waiters }) { waiter.resume() }
    }

    /// A channel message as an event: its text as the data (binary messages are not sent).
    static func defaultEvent(_ message: PubSubMessage) -> SSEEvent? {
        message.text.map { SSEEvent(data: $0) }
    }
}
