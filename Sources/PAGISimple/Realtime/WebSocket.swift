public import HTTPTypes
import Logging
public import NIOCore
public import PAGI
public import PAGIPubSub
import Synchronization

/// A WebSocket connection, as a ``SimpleApp/websocket(_:where:_:)`` handler gets it.
///
/// ```swift
/// app.websocket("/chat/:room") { ws in
///     let room = "room:" + (ws.parameter("room") ?? "general")
///     try await ws.join(room)
///     for try await message in ws.messages {
///         guard let text = message.text else { continue }
///         try await ws.broadcast(text, to: room)
///     }
///     try await ws.broadcastToOthers("someone left", to: room)   // the peer has gone
/// }
/// ```
///
/// The handshake is accepted by the first thing that needs an open socket (`send`,
/// `messages`, `receive`, `join`), or explicitly with ``accept(subprotocol:headers:)`` to
/// choose a subprotocol; ``deny(_:_:)`` refuses it with an HTTP response. The connection lives
/// as long as the handler: when it returns the socket is closed (1000), when it throws the
/// socket is closed with 1011 (or, before the handshake was accepted, refused with the error's
/// status: an ``HTTPError``'s, else 500). Either way the connection leaves every room.
/// `messages` ends when the peer closes; ``closeCode`` then says how.
public final class WebSocket: Sendable {
    enum Phase: Sendable, Equatable {
        case connecting
        case open
        case closed
        case denied
    }

    struct State: Sendable {
        var phase = Phase.connecting
        var closeCode: WebSocketCloseCode?
        var closeReason = ""
    }

    /// The handshake request: path parameters, query, headers, cookies, stash, services, logger.
    public let context: Context
    let receiveEvent: Receive
    let sendEvent: Send
    let state = Mutex(State())
    let sends = AsyncGate()
    let membership: ChannelMembership

    init(context: Context, pubsub: PubSub, bufferSize: Int, receive: @escaping Receive, send: @escaping Send) {
        self.context = context
        self.receiveEvent = receive
        self.sendEvent = send
        // The rooms' messages go out as this socket's own; an overflow closes it with 1008.
        let delivery = WeakReference<WebSocket>()
        self.membership = ChannelMembership(pubsub: pubsub, bufferSize: bufferSize) { message in
            try await delivery.object?.send(message.payload)
        } onEnd: { error in
            guard error != nil else { return }
            try? await delivery.object?.close(code: .policyViolation, reason: "Too slow: messages were piling up")
        }
        delivery.object = self
    }

    /// The path parameter `name`.
    public func parameter(_ name: String) -> String? { self.context.parameter(name) }

    /// The subprotocols the client offered, in its order of preference.
    public var subprotocols: [String] { self.context.request.subprotocols }

    /// Whether the socket is closed (by either side) or was refused.
    public var isClosed: Bool { self.state.withLock { $0.phase == .closed || $0.phase == .denied } }

    /// How the socket closed: the peer's close code (1005 when it sent none, 1006 when it
    /// dropped the connection), or the code this side sent; `nil` while it is open.
    public var closeCode: WebSocketCloseCode? { self.state.withLock { $0.closeCode } }

    /// The peer's close reason, once closed.
    public var closeReason: String { self.state.withLock { $0.closeReason } }

    // MARK: - The handshake

    /// Accepts the handshake, with one of the client's `subprotocols` if wanted. Once open,
    /// accepting again does nothing; after ``deny(_:_:)`` or a close it throws.
    public func accept(subprotocol: String? = nil, headers: Headers = [:]) async throws {
        try await self.sends.withGate {
            switch self.state.withLock({ $0.phase }) {
            case .open: return
            case .closed, .denied: throw PAGIError(.invalidEvent, "The WebSocket was already refused or closed: it cannot be accepted")
            case .connecting: break
            }
            if let subprotocol, !self.subprotocols.contains(subprotocol) {
                throw PAGIError(.invalidEvent, "The client did not offer the subprotocol '\(subprotocol)'")
            }
            try await self.sendEvent(.websocketAccept(subprotocol: subprotocol, headers: headers))
            self.state.withLock { $0.phase = .open }
        }
    }

    /// Refuses the handshake with `status` (403 by default) and `message` as a plain-text
    /// body; where the server cannot send a refusal response, with its own 403.
    public func deny(_ status: HTTPResponse.Status = .forbidden, _ message: String? = nil, headers: Headers = [:]) async throws {
        try await self.sends.withGate {
            guard self.state.withLock({ $0.phase }) == .connecting else {
                throw PAGIError(.invalidEvent, "The WebSocket was already accepted or closed: it cannot be denied")
            }
            self.state.withLock { $0.phase = .denied }
            guard self.context.request.extensions.websocketHTTPResponse else {
                return try await self.sendEvent(.websocketClose())
            }
            var fields = headers
            if !fields.contains(.contentType) { fields.append(.contentType, "text/plain; charset=utf-8") }
            let body = ByteBuffer(string: message ?? status.reasonPhrase)
            try await self.sendEvent(.websocketHTTPResponseStart(ResponseStart(status: status, headers: fields)))
            try await self.sendEvent(.websocketHTTPResponseBody(body))
        }
    }

    /// Accepts the handshake unless that is done; throws when the socket was refused.
    func ensureOpen() async throws {
        switch self.state.withLock({ $0.phase }) {
        case .open, .closed: return
        case .denied: throw PAGIError(.invalidEvent, "The WebSocket was refused")
        case .connecting: try await self.accept()
        }
    }

    // MARK: - Messages

    /// The next message from the peer; `nil` once the socket has closed.
    public func receive() async throws -> WebSocketMessage? {
        try await self.ensureOpen()
        while true {
            if self.isClosed { return nil }
            switch try await self.receiveEvent() {
            case .websocketReceive(let message):
                return message
            case .websocketDisconnect(let code, let reason):
                self.state.withLock { state in
                    state.phase = .closed
                    if state.closeCode == nil { state.closeCode = code }
                    state.closeReason = reason
                }
                self.membership.end()
                return nil
            default:
                continue
            }
        }
    }

    /// The peer's messages as they arrive, until it closes.
    public var messages: Messages { Messages(socket: self) }

    /// The peer's messages: one task reads them at a time.
    public struct Messages: AsyncSequence, Sendable {
        public typealias Element = WebSocketMessage
        let socket: WebSocket

        public func makeAsyncIterator() -> Iterator { Iterator(socket: self.socket) }

        public struct Iterator: AsyncIteratorProtocol {
            let socket: WebSocket
            public mutating func next() async throws -> WebSocketMessage? { try await self.socket.receive() }
        }
    }

    /// Sends `message`; after the socket closed it does nothing.
    public func send(_ message: WebSocketMessage) async throws {
        try await self.ensureOpen()
        try await self.sends.withGate {
            guard self.state.withLock({ $0.phase }) == .open else { return }
            try await self.sendEvent(.websocketSend(message))
        }
    }

    /// Sends a text message.
    public func send(_ text: String) async throws { try await self.send(.text(text)) }

    /// Sends a binary message.
    public func send(_ bytes: ByteBuffer) async throws { try await self.send(.binary(bytes)) }

    /// Sends `value` as a JSON text message.
    public func send(json value: some Encodable) async throws {
        try await self.send(try WebSocketMessage.json(value))
    }

    /// Closes the socket with `code` and `reason` (before the handshake was accepted: refuses
    /// it, with the server's 403). Closing again does nothing.
    public func close(code: WebSocketCloseCode = .normalClosure, reason: String = "") async throws {
        try await self.sends.withGate {
            let phase = self.state.withLock { state in
                let phase = state.phase
                switch phase {
                case .open:
                    state.phase = .closed
                    state.closeCode = code
                case .connecting:
                    state.phase = .denied
                case .closed, .denied:
                    break
                }
                return phase
            }
            switch phase {
            case .open: try await self.sendEvent(.websocketClose(code: code, reason: reason))
            case .connecting: try await self.sendEvent(.websocketClose())
            case .closed, .denied: return
            }
        }
        self.membership.end()
    }
}
