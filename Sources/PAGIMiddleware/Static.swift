import HTTPTypes
import NIOCore
public import PAGI

/// Serves the files of a directory under a URL prefix, for `GET` and `HEAD`, with `ETag`,
/// `Last-Modified`, conditional requests (304, 412) and byte ranges (206, 416); see
/// ``StaticDirectory`` for how paths are resolved safely (403 for traversal attempts) and
/// ``FileAnswer`` for the headers. The server sends the file itself (no copy in memory).
///
/// - `root`: the directory (must exist: the initializer throws otherwise).
/// - `prefix`: the URL prefix (`/`, the default, serves every path).
/// - `index`: the files that stand for a directory (`index.html`, `index.htm`).
/// - `showHidden`: serve names starting with `.` (`false`).
/// - `passThrough`: a path with no file (or another method) goes to the application instead
///   of answering 404 (or 405) (`false`).
///
/// Requests outside the prefix, and scopes other than `http`, always go to the application.
public struct Static: Middleware {
    let directory: StaticDirectory
    let passThrough: Bool

    public init(root: String, prefix: String = "/", index: [String] = ["index.html", "index.htm"], showHidden: Bool = false, passThrough: Bool = false) throws(StaticDirectoryError) {
        self.directory = try StaticDirectory(prefix: prefix, directory: root, index: index, showHidden: showHidden)
        self.passThrough = passThrough
    }

    public func wrap(_ app: @escaping Application) -> Application {
        let directory = self.directory
        let passThrough = self.passThrough
        return { scope, receive, send in
            guard case .http(let request) = scope else { return try await app(scope, receive, send) }
            switch try await directory.lookUp(request) {
            case .outside:
                try await app(scope, receive, send)
            case .file(let path):
                guard let facts = try await FileFacts.of(path) else { return try await PlainTextAnswer.send(.notFound, "Not Found", in: scope, to: send) }
                let answer = FileAnswer(path: path, facts: facts, request: request)
                try await send(.httpResponseStart(status: answer.status, headers: answer.headers))
                if let body = answer.body, request.method != .head {
                    try await send(.httpResponseFile(body))
                } else {
                    try await send(.httpResponseBody(ByteBuffer()))
                }
            case .redirect(let location):
                try await send(.httpResponseStart(status: .movedPermanently, headers: ["location": ByteString(location), "content-length": "0"]))
                try await send(.httpResponseBody(ByteBuffer()))
            case .notFound where passThrough, .methodNotAllowed where passThrough:
                try await app(scope, receive, send)
            case .notFound:
                try await PlainTextAnswer.send(.notFound, "Not Found", in: scope, to: send)
            case .forbidden:
                try await PlainTextAnswer.send(.forbidden, "Forbidden", in: scope, to: send)
            case .methodNotAllowed:
                try await PlainTextAnswer.send(.methodNotAllowed, "Method Not Allowed", headers: ["allow": "GET, HEAD, OPTIONS"], in: scope, to: send)
            }
        }
    }

}
