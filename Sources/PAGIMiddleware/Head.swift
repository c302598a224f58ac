public import PAGI
import Synchronization

/// Answers `HEAD` requests by running the application as for `GET` and sending no body:
/// the application needs no `HEAD` routes, and the headers are exactly the `GET` response's.
///
/// The application sees method `GET`. Its body bytes and trailers never reach the server;
/// in their place go empty body events that frame the response as the `GET` response would
/// be framed:
///
/// - a body sent as one event: `content-length` becomes its length (unless the application
///   set one, or the status has no body: 204, 304), the length a server gives that `GET`
///   response;
/// - a file body: `content-length` becomes the length of the file region (a `stat` call);
///   when the file cannot be examined, `send` fails as a server's would, and the head is kept
///   back so the application can still answer otherwise;
/// - a body streamed in pieces, or a response that promised trailers: no length (the `GET`
///   response is chunked), and `trailers` is dropped from the head along with the trailers.
///
/// Other scopes and methods pass through untouched.
public struct Head: Middleware {
    public init() {}

    public func wrap(_ app: @escaping Application) -> Application {
        { scope, receive, send in
            guard case .http(var request) = scope, request.method == .head else {
                return try await app(scope, receive, send)
            }
            request.method = .get
            let suppressing = BodySuppressingSend(send)
            try await app(.http(request), receive) { try await suppressing($0) }
            try await suppressing.release()
        }
    }
}

/// The `send` of ``Head``: passes the head, with the length the body shows, and empty body
/// events in place of the body.
private final class BodySuppressingSend: Sendable {
    private enum State: Sendable {
        case awaitingStart
        case holding(ResponseStart)
        case streaming(trailersPromised: Bool)
        /// The last (empty) body went out; the application's trailers, if it promised them, are dropped.
        case done(trailersPromised: Bool)
    }

    private let state = Mutex(State.awaitingStart)
    private let send: Send

    init(_ send: @escaping Send) { self.send = send }

    func callAsFunction(_ event: OutboundEvent) async throws {
        // A file's length needs a system call: found before taking the lock.
        var fileLength: Int64?
        if case .httpResponseFile(let file) = event, self.state.withLock({ if case .holding = $0 { true } else { false } }) {
            fileLength = file.regionLength
            guard fileLength != nil else {
                throw PAGIError(.invalidEvent, "Cannot send the file body of a HEAD response: the file cannot be examined or is not a regular file")
            }
        }
        let events: [OutboundEvent] = self.state.withLock { state in
            switch (state, event) {
            case (.awaitingStart, .httpResponseStart(let start)):
                state = .holding(start)
                return []
            case (.holding(var start), .httpResponseBody(let bytes, let more)):
                if more || start.trailers {
                    let promised = start.trailers
                    start.trailers = false
                    state = more ? .streaming(trailersPromised: promised) : .done(trailersPromised: promised)
                    return [.httpResponseStart(start), .httpResponseBody(ByteBuffer(), more: true)] + (more ? [] : [.httpResponseBody(ByteBuffer())])
                }
                state = .done(trailersPromised: false)
                if Self.takesLength(start) {
                    start.headers.append(.contentLength, ByteString(String(bytes.readableBytes)))
                }
                return [.httpResponseStart(start), .httpResponseBody(ByteBuffer())]
            case (.holding(var start), .httpResponseFile):
                state = .done(trailersPromised: start.trailers)
                if Self.takesLength(start), !start.trailers, let fileLength {
                    start.headers.append(.contentLength, ByteString(String(fileLength)))
                }
                start.trailers = false
                return [.httpResponseStart(start), .httpResponseBody(ByteBuffer())]
            case (.holding(var start), .httpFullFlush):
                // The head goes out now, before any body: framed as a streamed response.
                state = .streaming(trailersPromised: start.trailers)
                start.trailers = false
                return [.httpResponseStart(start), event]
            case (.streaming(let promised), .httpResponseBody(_, let more)):
                if more { return [] }
                state = .done(trailersPromised: promised)
                return [.httpResponseBody(ByteBuffer())]
            case (.streaming(let promised), .httpResponseFile):
                state = .done(trailersPromised: promised)
                return [.httpResponseBody(ByteBuffer())]
            case (.done(trailersPromised: true), .httpResponseTrailers):
                state = .done(trailersPromised: false)
                return []
            default:
                // Out of order: the server refuses it as it would without this middleware.
                return [event]
            }
        }
        for event in events { try await self.send(event) }
    }

    /// Whether the head gets the length of the body: not when it has one, nor when its status
    /// has no body (204, 304: a `GET` response would have no length either).
    private static func takesLength(_ start: ResponseStart) -> Bool {
        let code = start.status.code
        return code >= 200 && code != 204 && code != 304 && !start.headers.contains(.contentLength)
    }

    /// After the application returned: a head still held goes out (the response stays
    /// unfinished, as the application left it).
    func release() async throws {
        let start: ResponseStart? = self.state.withLock { state in
            guard case .holding(var start) = state else { return nil }
            state = .done(trailersPromised: false)
            start.trailers = false
            return start
        }
        if let start { try await self.send(.httpResponseStart(start)) }
    }
}
