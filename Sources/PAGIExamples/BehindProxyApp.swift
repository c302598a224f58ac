#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
public import PAGI
import PAGIMiddleware

extension ExampleApps {
    /// `behind-proxy`: an application meant to run behind nginx. `/whoami` answers with the
    /// client, scheme, host and root path it sees (what `--proxy-headers` gives it); every
    /// other path serves the files of `$PAGI_FILES` (default: the working directory), handed to
    /// nginx through `X-Accel-Redirect` under `/protected/` (`XSendfile`), so that nginx sends
    /// the bytes. `.ci/proxy.sh` runs it behind a real nginx.
    public static var behindProxy: Application {
        let root = getenv("PAGI_FILES").map { String(cString: $0) } ?? "."
        let whoami: Application = { scope, receive, send in
            guard case .http(let request) = scope, request.path == "/whoami" else {
                try await send(.httpResponseStart(status: .notFound, headers: ["content-type": "text/plain", "content-length": "9"]))
                return try await send(.httpResponseBody(ByteBuffer(string: "Not Found")))
            }
            let fields = [
                ("client", request.client?.host ?? ""), ("scheme", request.scheme),
                ("host", request.headers.first(.host)?.text ?? ""), ("root_path", request.rootPath),
            ]
            let json = "{" + fields.map { "\"\($0.0)\":\"\($0.1)\"" }.joined(separator: ",") + "}"
            try await send(.httpResponseStart(status: .ok, headers: ["content-type": "application/json"]))
            try await send(.httpResponseBody(ByteBuffer(string: json)))
        }
        do {
            return try MiddlewareStack {
                XSendfile(type: .accelRedirect(mapping: [realPath(root) + "/": "/protected/"]))
                try Static(root: root, passThrough: true)
            }.wrap(whoami)
        } catch {
            return { _, _, _ in throw PAGIError(.invalidEvent, "behind-proxy: \(error)") }
        }
    }

    /// `path` with its symbolic links resolved (how `Static` names the files it serves).
    private static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
