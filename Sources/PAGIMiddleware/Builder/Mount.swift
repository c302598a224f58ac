public import PAGI

/// An application served under a path prefix: a request under it reaches the application with
/// the prefix moved from `path` (and `raw_path`) to `root_path`, for every scope with a path
/// (http, websocket, sse). List mounts in a ``MiddlewareStack``, or give them to ``URLMap``.
public struct Mount: Sendable {
    /// The prefix, without a trailing `/` (`/admin`); never the root.
    public let prefix: String
    public let app: Application

    /// `app` under `prefix` (`/admin` and `/admin/` mean the same).
    public init(_ prefix: String, _ app: @escaping Application) {
        var prefix = prefix
        while prefix.hasSuffix("/") { prefix.removeLast() }
        self.prefix = prefix
        self.app = app
    }

    /// The request as the mounted application sees it, or `nil` when it is not under the
    /// prefix (`/adminx` is not under `/admin`).
    public func scope(for request: RequestScope) -> RequestScope? {
        let raw = request.rawPath.text
        guard !self.prefix.isEmpty, raw.hasPrefix(self.prefix) else { return nil }
        let rest = raw.dropFirst(self.prefix.count)
        guard rest.isEmpty || rest.hasPrefix("/") else { return nil }
        var inner = request
        inner.rawPath = ByteString(rest.isEmpty ? "/" : String(rest))
        inner.path = PercentEncoding.decodePath(inner.rawPath)
        inner.rootPath = request.rootPath + self.prefix
        return inner
    }
}

/// Applications by path prefix in front of a fallback: the longest prefix that matches takes
/// the request (see ``Mount``), the wrapped application everything else.
public struct URLMap: Middleware {
    /// Longest prefix first.
    let mounts: [Mount]

    public init(_ mounts: [Mount]) {
        self.mounts = mounts.sorted { $0.prefix.count > $1.prefix.count }
    }

    public func wrap(_ app: @escaping Application) -> Application {
        let mounts = self.mounts
        return { scope, receive, send in
            if let request = scope.request {
                for mount in mounts {
                    guard let inner = mount.scope(for: request) else { continue }
                    var innerScope = scope
                    innerScope.request = inner
                    return try await mount.app(innerScope, receive, send)
                }
            }
            try await app(scope, receive, send)
        }
    }
}
