#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import NIOCore
import PAGI
import Synchronization

/// One request on an HTTP/1 connection, from its head to the end of its response: the
/// scope's `receive` and `send`, the response state, and (in `finish`) the failure rules.
final class HTTP1Exchange: RequestExchange {
    struct State: ResponseState {
        var validator: EventValidator
        /// A start the application sent that is not on the wire yet (the server waits for
        /// the first body to choose the framing, and so that an error can still become a 500).
        var pendingStart: ResponseStart?
        /// The framing, once the head is on the wire.
        var framing: ResponseFraming?
        var trailersPromised = false
        var complete = false
        /// Why the request ended abnormally (client gone, body refused), if it did.
        var ended: DisconnectReason?
        /// The error the server answers for a refused request body.
        var bodyError: HTTP1Error?
        var finalPieceDelivered = false
        var continueSent = false
        var declaredRemaining: Int?
        var applicationClosesConnection = false
        /// What the response head told the client about keeping the connection, once sent: a
        /// graceful shutdown that begins later does not break that promise (the client may
        /// already be sending its next request).
        var headKeptAlive: Bool?
        var status: Int?
        var keepalive: Task<Void, Never>?
        var lastWrite = ContinuousClock.now
        var responseHeaders = Headers()
        var bodyBytes = 0
        /// The application's call ended: `receive` no longer reads (the connection's next
        /// request may already be arriving).
        var finished = false
    }

    let head: RequestHead
    let kind: ScopeType
    /// The request's `pagi.connection` (also kept for an SSE scope, which does not show it).
    let connection: ConnectionState
    let started = ContinuousClock.now
    let arrival = time(nil)
    let reader: ConnectionReader
    let pipe: ConnectionPipe
    let serializer: ResponseSerializer
    let logger: Logger
    let sendGate = AsyncGate()
    let state: Mutex<State>
    let registry: ConnectionRegistry
    let watchdog: ConnectionWatchdog

    init(
        head: RequestHead,
        scope: Scope,
        connection: ConnectionState,
        reader: ConnectionReader,
        pipe: ConnectionPipe,
        serializer: ResponseSerializer,
        logger: Logger,
        registry: ConnectionRegistry,
        watchdog: ConnectionWatchdog
    ) {
        self.connection = connection
        self.registry = registry
        self.watchdog = watchdog
        self.head = head
        self.kind = scope.type
        self.reader = reader
        self.pipe = pipe
        self.serializer = serializer
        self.logger = logger
        self.state = Mutex(State(validator: EventValidator(scope: scope)))
    }

    // MARK: - receive

    var receiveGate: AsyncGate { self.reader.gate }

    /// A client that closed the connection still has the body bytes it sent before delivered
    /// (the read then ends with the disconnect): they were accepted.
    var isReadingBody: Bool {
        self.state.withLock { ($0.ended == nil || $0.ended == .clientClosed) && !$0.finalPieceDelivered && !$0.finished }
    }

    func prepareToRead() async { await self.sendContinueIfExpected() }

    func nextBodyPiece() async throws -> (ByteBuffer, Bool) { try await self.reader.nextBodyPiece() }

    func bodyDelivered() { self.state.withLock { $0.finalPieceDelivered = true } }

    func bodyFailed(_ error: any Error) {
        if let error = error as? HTTP1Error {
            self.state.withLock { $0.bodyError = error }
            self.end(error.status == .contentTooLarge ? .bodyTooLarge : .protocolError)
        } else if self.watchdog.expired == .readingBody {
            self.end(.clientTimeout)  // The watchdog answered 408 (if it could) and closed.
        } else {
            self.end(.clientClosed)
        }
    }

    /// Answers `Expect: 100-continue` when the application first asks for the body, unless
    /// its response head is already on the wire.
    private func sendContinueIfExpected() async {
        guard self.head.expectsContinue else { return }
        let send = self.state.withLock { state in
            guard !state.continueSent, state.framing == nil else { return false }
            state.continueSent = true
            return true
        }
        guard send else { return }
        await self.sendGate.withGate {
            guard self.state.withLock({ $0.framing == nil }) else { return }
            await self.write([.byteBuffer(ByteBuffer(string: "HTTP/1.1 100 Continue\r\n\r\n"))], interim: true)
        }
    }

    // MARK: - Ending

    func recordEnd(_ reason: DisconnectReason) {
        self.state.withLock { if $0.ended == nil { $0.ended = reason } }
    }

    /// Writes `parts`, in order, as one flush; a failed write ends the request (`write_error`).
    func write(_ parts: [IOData], interim: Bool = false) async {
        guard !parts.isEmpty else { return }
        // The response is the application's from its first write (the watchdog then sends no
        // 408); when the watchdog answered first, later writes are dropped. A write waits
        // when the socket is full; the write timeout runs while it does.
        guard interim || self.watchdog.claimResponse() else { return }
        self.watchdog.beginWrite()
        defer { self.watchdog.endWrite() }
        do {
            try await self.pipe.write(contentsOf: parts)
            self.state.withLock { $0.lastWrite = .now }
        } catch {
            self.end(self.watchdog.expired == nil ? .writeError : self.watchdog.closeReason)
        }
    }

    /// Waits until the socket has taken everything written so far.
    func waitUntilWritten() async {
        self.watchdog.beginWrite()
        defer { self.watchdog.endWrite() }
        try? await self.pipe.waitUntilWritten()
    }

    /// The disconnect reason when the request ended abnormally.
    var endReason: DisconnectReason? { self.state.withLock { $0.ended } }
}
