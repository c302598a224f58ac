#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import NIOCore
import NIOHTTP2
import PAGI
import PAGIServer
import Synchronization

/// One request on one HTTP/2 stream, from its HEADERS to the end of its response: the
/// scope's `receive` and `send`, the response state, and (in `finish`) the failure rules,
/// the same as HTTP/1's. Flow control is the backpressure: `send` waits while the stream's
/// or the connection's window is closed; the request body is read from the stream only as
/// `receive` asks, so the client's window grows only as the application consumes.
final class HTTP2StreamExchange: RequestExchange, AccessLoggedExchange, @unchecked Sendable {
    struct State: ResponseState {
        var validator: EventValidator
        /// A start not on the wire yet (held for the first body, so that an error can still
        /// become a 500).
        var pendingStart: ResponseStart?
        var headSent = false
        var trailersPromised = false
        /// The stream's END_STREAM is on the wire: the response is complete.
        var complete = false
        var ended: DisconnectReason?
        var bodyError: HTTP1Error?
        var finalPieceDelivered = false
        var finished = false
        var status: Int?
        var responseHeaders = Headers()
        var bodyBytes = 0
        var receivedBytes = 0
        var keepalive: Task<Void, Never>?
        var lastWrite = ContinuousClock.now
    }

    let head: RequestHead
    let kind: ScopeType
    let connection: ConnectionState
    let started = ContinuousClock.now
    let arrival = time(nil)
    let writer: StreamWriter
    let fields: ResponseFields
    let logger: Logger
    let maxBodySize: Int?
    let sendGate = AsyncGate()
    let receiveGate = AsyncGate()
    let state: Mutex<State>
    /// Read only under `receiveGate` (and before the application runs).
    private var inbound: NIOAsyncChannelInboundStream<HTTP2Frame.FramePayload>.AsyncIterator
    /// The request's HEADERS ended the stream: there is no body.
    private var requestEnded: Bool

    init(
        head: RequestHead,
        scope: Scope,
        connection: ConnectionState,
        inbound: NIOAsyncChannelInboundStream<HTTP2Frame.FramePayload>.AsyncIterator,
        requestEnded: Bool,
        writer: StreamWriter,
        fields: ResponseFields,
        logger: Logger,
        maxBodySize: Int?
    ) {
        self.head = head
        self.kind = scope.type
        self.connection = connection
        self.inbound = inbound
        self.requestEnded = requestEnded
        self.writer = writer
        self.fields = fields
        self.logger = logger
        self.maxBodySize = maxBodySize
        self.state = Mutex(State(validator: EventValidator(scope: scope)))
    }

    // MARK: - receive

    var isReadingBody: Bool { self.state.withLock { $0.ended == nil && !$0.finalPieceDelivered && !$0.finished } }

    func prepareToRead() async {}

    func bodyDelivered() { self.state.withLock { $0.finalPieceDelivered = true } }

    func bodyFailed(_ error: any Error) {
        if let error = error as? HTTP1Error {
            self.state.withLock { $0.bodyError = error }
            self.end(.bodyTooLarge)
        } else {
            self.end(.clientClosed)
        }
    }

    /// The next DATA payload and whether more follows; request trailers end the body (they
    /// are not shown to the application).
    func nextBodyPiece() async throws -> (ByteBuffer, Bool) {
        if self.requestEnded { return (ByteBuffer(), false) }
        while let frame = try await self.inbound.next() {
            switch frame {
            case .data(let data):
                guard case .byteBuffer(let bytes) = data.data else { continue }
                let received = self.state.withLock { state in
                    state.receivedBytes += bytes.readableBytes
                    return state.receivedBytes
                }
                if let maxBodySize, received > maxBodySize {
                    throw HTTP1Error(.contentTooLarge, "The request body is larger than \(maxBodySize) bytes")
                }
                if data.endStream { self.requestEnded = true }
                return (bytes, !data.endStream)
            case .headers(let trailers) where trailers.endStream:
                self.requestEnded = true
                return (ByteBuffer(), false)
            case .rstStream:
                throw ChannelError.eof
            default:
                continue
            }
        }
        throw ChannelError.eof
    }

    // MARK: - Ending

    func recordEnd(_ reason: DisconnectReason) {
        self.state.withLock { if $0.ended == nil { $0.ended = reason } }
    }

    /// Writes `frames`, in order, as one flush; waits until flow control has let them go. A
    /// failed write ends the request.
    func write(_ frames: [HTTP2Frame.FramePayload]) async {
        guard !frames.isEmpty else { return }
        do {
            try await self.writer.write(frames)
            self.state.withLock { $0.lastWrite = .now }
        } catch {
            self.end(.clientClosed)
        }
    }

    /// Marks the response complete: `receive` returns the disconnect event (reason `nil`).
    func completeResponse() {
        self.state.withLock { $0.complete = true }
        self.connection.markResponseComplete()
    }
}
