import HTTPTypes
import NIOCore
import PAGI
import PAGIMiddleware

extension Outgoing {
    /// `file` answering `request` (see the middleware library's ``FileAnswer``): 200 with the
    /// file, 206 with a part, 304, 412 or 416; a 404 ``HTTPError`` when the file is not there.
    static func prepare(_ file: FileResponse, status: HTTPResponse.Status, headers: Headers, request: RequestScope) async throws -> Outgoing {
        guard let facts = try await FileFacts.of(file.path) else { throw HTTPError(.notFound) }
        var headers = headers
        if let disposition = file.dispositionHeader, !headers.contains(.contentDisposition) {
            headers.append(.contentDisposition, ByteString(disposition))
        }
        let answer = FileAnswer(path: file.path, facts: facts, status: status, headers: headers, contentType: file.contentType, request: request)
        return Outgoing(status: answer.status, headers: answer.headers, body: answer.body.map { .file($0) } ?? .buffer(ByteBuffer()))
    }
}

extension StaticDirectory {
    /// The response for `request` when its path is under the prefix: the file (404 when it is
    /// not there, 403 for a path that tries to leave the directory, 405 for another method);
    /// `nil` otherwise.
    func response(for request: RequestScope) async throws -> Response? {
        switch try await self.lookUp(request) {
        case .outside: return nil
        case .file(let path): return .file(path)
        case .redirect(let location): return .redirect(to: location, status: .movedPermanently)
        case .notFound: throw HTTPError(.notFound)
        case .forbidden: throw HTTPError(.forbidden)
        case .methodNotAllowed: throw HTTPError(.methodNotAllowed, headers: ["allow": "GET, HEAD, OPTIONS"])
        }
    }
}
