public import HTTPTypes
public import PAGI
import NIOCore
import Synchronization

/// An event stream from the application under test, parsed as a browser would parse it:
/// the application's `sse.send` and `sse.comment` events are encoded to the wire format
/// and read back.
public final class TestSSEStream: Sendable {
    private struct Reader {
        var parser = SSEParser()
        var queued: [SSEItem] = []
        var ended = false
        var keepalive: (interval: Duration, comment: String)?
        var closeReason: String?
        var wire = ByteBuffer()
    }

    private let run: AppRun
    private let raiseAppErrors: Bool
    private let reader = Mutex(Reader())

    /// The status of `sse.start`.
    public let status: HTTPResponse.Status
    /// The headers of `sse.start`, with the ones a server adds when missing
    /// (`content-type: text/event-stream`, `cache-control: no-cache`).
    public let headers: Headers

    init(run: AppRun, raiseAppErrors: Bool, start: ResponseStart, keepalive: (Duration, String)?) {
        self.run = run
        self.raiseAppErrors = raiseAppErrors
        self.status = start.status
        var headers = start.headers
        if !headers.contains(.contentType) { headers.append(.contentType, "text/event-stream") }
        if !headers.contains(.cacheControl) { headers.append(.cacheControl, "no-cache") }
        self.headers = headers
        self.reader.withLock { $0.keepalive = keepalive }
    }

    /// The last `sse.keepalive` settings the application sent (`nil` when none or stopped).
    public var keepalive: (interval: Duration, comment: String)? { self.reader.withLock { $0.keepalive } }

    /// The reason the application gave in `sse.close`, once it closed the stream.
    public var closeReason: String? { self.reader.withLock { $0.closeReason } }

    /// Everything the stream wrote so far, in the wire format.
    public var wireText: String { self.reader.withLock { String(buffer: $0.wire) } }

    /// The next event (comments are skipped); `nil` once the stream ended.
    public func next() async throws -> SSEMessage? {
        while let item = try await self.nextItem() {
            if case .event(let message) = item { return message }
        }
        return nil
    }

    /// The next event or comment; `nil` once the stream ended.
    public func nextItem() async throws -> SSEItem? {
        while true {
            let queued: SSEItem?? = self.reader.withLock { reader in
                if !reader.queued.isEmpty { return .some(reader.queued.removeFirst()) }
                return reader.ended ? .some(nil) : nil
            }
            if let queued { return queued }
            guard let sent = try await self.run.nextEvent(waitingFor: "the application's next SSE event") else {
                try await self.ended()
                continue
            }
            self.reader.withLock { reader in
                var bytes = ByteBuffer()
                switch sent.event {
                case .sseSend(let event): SSEEncoding.write(event, into: &bytes)
                case .sseComment(let comment): SSEEncoding.writeComment(comment, into: &bytes)
                case .sseKeepalive(let interval, let comment): reader.keepalive = interval == .zero ? nil : (interval, comment)
                case .sseClose(let reason):
                    reader.closeReason = reason ?? ""
                    reader.ended = true
                default: break
                }
                reader.wire.writeImmutableBuffer(bytes)
                reader.queued.append(contentsOf: reader.parser.feed(bytes))
            }
        }
    }

    /// Reads every remaining event until the stream ends.
    public func collect() async throws -> [SSEMessage] {
        var messages: [SSEMessage] = []
        while let message = try await self.next() { messages.append(message) }
        try await self.ended()
        return messages
    }

    /// Simulates the client going away: the application receives `sse.disconnect` with
    /// reason `client_closed` and its later sends are no-ops. Waits for it to return.
    public func disconnect() async throws {
        self.run.clientLeft(terminal: .sseDisconnect(reason: .clientClosed))
        self.reader.withLock { $0.ended = true }
        _ = try await self.run.outcome(waitingFor: "the application to return after the client left")
        try self.raiseRecordedError(clientLeft: true)
    }

    private func ended() async throws {
        _ = try await self.run.outcome(waitingFor: "the application to return")
        self.reader.withLock { $0.ended = true }
        try self.raiseRecordedError(clientLeft: false)
    }

    private func raiseRecordedError(clientLeft: Bool) throws {
        guard self.raiseAppErrors else { return }
        if let violation = self.run.violation { throw violation }
        if let error = self.run.thrownError, !(clientLeft && (error as? PAGIError)?.code == .clientDisconnected) { throw error }
    }
}
