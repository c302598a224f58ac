import HTTPTypes
import NIOCore
import PAGI

/// A response ready for the wire: files resolved against the request (size, validators,
/// range), so that only sending is left.
struct Outgoing: Sendable {
    enum Body: Sendable {
        case buffer(ByteBuffer)
        case stream(@Sendable (ResponseWriter) async throws -> Void)
        case file(FileBody)
    }

    var status: HTTPResponse.Status
    var headers: Headers
    var body: Body

    /// `response` for `request`: a file response is looked up now (and may throw a 404).
    static func prepare(_ response: Response, for request: RequestScope) async throws -> Outgoing {
        switch response.body {
        case .buffer(let body):
            return Outgoing(status: response.status, headers: response.headers, body: .buffer(body))
        case .stream(let producer):
            return Outgoing(status: response.status, headers: response.headers, body: .stream(producer))
        case .file(let file):
            return try await Outgoing.prepare(file, status: response.status, headers: response.headers, request: request)
        }
    }
}

extension CompiledApp {
    /// Writes `outgoing`: a computed `content-length` for bodies in memory, and no body for
    /// `HEAD`, 1xx, 204 and 304 (a streamed body's producer does not even run then).
    static func send(_ outgoing: Outgoing, for request: RequestScope, _ send: @escaping Send) async throws {
        var headers = outgoing.headers
        let code = outgoing.status.code
        let bodyless = code < 200 || code == 204 || code == 304
        let omitBody = bodyless || request.method == .head
        switch outgoing.body {
        case .buffer(let body):
            if !bodyless && !headers.contains(.contentLength) {
                headers.append(.contentLength, ByteString(String(body.readableBytes)))
            }
            try await send(.httpResponseStart(status: outgoing.status, headers: headers))
            try await send(.httpResponseBody(omitBody ? ByteBuffer() : body))
        case .file(let file):
            try await send(.httpResponseStart(status: outgoing.status, headers: headers))
            try await send(omitBody ? .httpResponseBody(ByteBuffer()) : .httpResponseFile(file))
        case .stream(let producer):
            try await send(.httpResponseStart(status: outgoing.status, headers: headers))
            if !omitBody { try await producer(ResponseWriter(send)) }
            try await send(.httpResponseBody(ByteBuffer()))
        }
    }
}
