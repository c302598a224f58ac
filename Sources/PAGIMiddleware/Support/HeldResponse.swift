import PAGI
import Synchronization

/// An HTTP response held back by a middleware that needs its whole body before it can send
/// the head (``ContentLength``, ``ETag``, ``Debug``): the `send` it gives the application.
///
/// A start that `hold` accepts is kept; so are body pieces, up to `limit` bytes in all. When
/// the last piece comes in time, `complete` changes the head (and may change the body) knowing the whole body, and the
/// head goes out with the body as one event. Otherwise the head goes out unchanged, the pieces
/// held so far with it, and the rest passes through as it comes: when the body grows past
/// `limit`, at `http.fullflush` (the application wants its bytes out now), and at a file body
/// (after `file` has had its say about the head).
final class HeldResponse: Sendable {
    private struct State: Sendable {
        enum Phase: Sendable {
            case awaitingStart
            case holding
            case passing
        }

        var phase = Phase.awaitingStart
        var start = ResponseStart()
        /// Grows in place (the lock gives exclusive access), so a body held in many pieces is
        /// copied once, not once per piece.
        var held = ByteBuffer()

        /// The head and what is held, to go out now; from here on everything passes.
        mutating func release() -> [OutboundEvent] {
            guard self.phase == .holding else { return [] }
            self.phase = .passing
            defer { self.held = ByteBuffer() }
            return self.held.readableBytes == 0
                ? [.httpResponseStart(self.start)]
                : [.httpResponseStart(self.start), .httpResponseBody(self.held, more: true)]
        }
    }

    private let state = Mutex(State())
    private let send: Send
    private let limit: Int
    private let hold: @Sendable (ResponseStart) -> Bool
    private let complete: @Sendable (inout ResponseStart, inout ByteBuffer) -> Void
    private let file: @Sendable (inout ResponseStart, _ heldBytes: Int, FileBody) -> Void

    init(
        send: @escaping Send,
        limit: Int,
        hold: @escaping @Sendable (ResponseStart) -> Bool,
        complete: @escaping @Sendable (inout ResponseStart, inout ByteBuffer) -> Void,
        file: @escaping @Sendable (inout ResponseStart, _ heldBytes: Int, FileBody) -> Void = { _, _, _ in }
    ) {
        self.send = send
        self.limit = limit
        self.hold = hold
        self.complete = complete
        self.file = file
    }

    /// The `send` for the application.
    func callAsFunction(_ event: OutboundEvent) async throws {
        let events: [OutboundEvent] = self.state.withLock { state in
            switch (state.phase, event) {
            case (.awaitingStart, .httpResponseStart(let start)):
                guard self.hold(start) else {
                    state.phase = .passing
                    return [event]
                }
                state.phase = .holding
                state.start = start
                return []
            case (.holding, .httpResponseBody(let bytes, let more)):
                if more && state.held.readableBytes + bytes.readableBytes > self.limit {
                    return state.release() + [event]
                }
                if state.held.readableBytes == 0 {
                    state.held = bytes
                } else {
                    state.held.writeImmutableBuffer(bytes)
                }
                guard !more else { return [] }
                var start = state.start
                var body = state.held
                state.phase = .passing
                state.held = ByteBuffer()
                self.complete(&start, &body)
                return [.httpResponseStart(start), .httpResponseBody(body)]
            case (.holding, .httpResponseFile(let body)):
                self.file(&state.start, state.held.readableBytes, body)
                return state.release() + [event]
            case (.holding, .httpFullFlush):
                return state.release() + [event]
            default:
                // Anything else passes (an event out of order reaches the server, which refuses it).
                return [event]
            }
        }
        for event in events { try await self.send(event) }
    }

    /// After the application returned: what is still held goes out as it was sent, so that the
    /// server sees the same unfinished response the application left.
    func release() async throws {
        for event in self.state.withLock({ $0.release() }) { try await self.send(event) }
    }
}

extension HeldResponse {
    /// Runs `app` with this `send`; when it returns, whatever is still held goes out. When it
    /// throws, nothing held goes out: the server answers as for an application that failed
    /// before its response started (a 500) instead of a cut-off response.
    func run(_ app: Application, _ scope: Scope, _ receive: @escaping Receive) async throws {
        try await app(scope, receive) { try await self($0) }
        try await self.release()
    }
}

extension HeldResponse {
    /// `app` with the responses to its HTTP requests (not `HEAD`: no body to see) held as
    /// described above; `complete` is made once per request, from its scope.
    static func wrapping(
        _ app: @escaping Application,
        limit: Int,
        hold: @escaping @Sendable (ResponseStart) -> Bool,
        complete: @escaping @Sendable (RequestScope) -> @Sendable (inout ResponseStart, inout ByteBuffer) -> Void,
        file: @escaping @Sendable (inout ResponseStart, _ heldBytes: Int, FileBody) -> Void = { _, _, _ in }
    ) -> Application {
        { scope, receive, send in
            guard case .http(let request) = scope, request.method != .head else {
                return try await app(scope, receive, send)
            }
            let held = HeldResponse(send: send, limit: limit, hold: hold, complete: complete(request), file: file)
            try await held.run(app, scope, receive)
        }
    }
}
