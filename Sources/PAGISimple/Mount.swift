import PAGI
import Synchronization

/// An application mounted under a path prefix: requests under it reach the application with
/// the prefix moved from `path` to `root_path`, for every scope with a path (http, websocket,
/// sse).
struct Mount: Sendable {
    /// The prefix, without a trailing `/` (`/admin`).
    let prefix: String
    let app: Application
    /// A 404 from the mounted application lets the parent's routes try (HTTP only).
    let passThrough: Bool

    init(prefix: String, app: @escaping Application, passThrough: Bool) {
        var prefix = prefix
        while prefix.hasSuffix("/") { prefix.removeLast() }
        self.prefix = prefix
        self.app = app
        self.passThrough = passThrough
    }

    /// The request as the mounted application sees it, or `nil` when it is not under the prefix.
    func inner(_ request: RequestScope) -> RequestScope? {
        let raw = request.rawPath.text
        guard raw.hasPrefix(self.prefix) else { return nil }
        let rest = raw.dropFirst(self.prefix.count)
        guard rest.isEmpty || rest.hasPrefix("/") else { return nil }  // `/adminx` is not under `/admin`.
        var inner = request
        inner.rawPath = ByteString(rest.isEmpty ? "/" : String(rest))
        inner.path = PercentEncoding.decodePath(inner.rawPath)
        inner.rootPath = request.rootPath + self.prefix
        return inner
    }
}

/// The `send` a pass-through mount's application gets: a 404 start and its body are held back
/// (and the parent routes instead); anything else goes through.
final class PassThroughSend: Sendable {
    private let send: Send
    private let declined = Mutex(false)

    init(_ send: @escaping Send) {
        self.send = send
    }

    /// Whether the mounted application answered 404.
    var didDecline: Bool { self.declined.withLock { $0 } }

    func callAsFunction(_ event: OutboundEvent) async throws {
        if case .httpResponseStart(let start) = event, start.status == .notFound {
            self.declined.withLock { $0 = true }
            return
        }
        if self.didDecline { return }
        try await self.send(event)
    }
}
