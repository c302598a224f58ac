import PAGI
import PAGIMiddleware
import Synchronization

/// A mount of a Simple application: the library's ``PAGIMiddleware/Mount`` (prefix moved from
/// `path` to `root_path`, for http, websocket and sse scopes), with Simple's pass-through.
struct SimpleMount: Sendable {
    let mount: PAGIMiddleware.Mount
    /// A 404 from the mounted application lets the parent's routes try (HTTP only).
    let passThrough: Bool

    var prefix: String { self.mount.prefix }
    var app: Application { self.mount.app }

    /// The request as the mounted application sees it, or `nil` when it is not under the prefix.
    func inner(_ request: RequestScope) -> RequestScope? {
        self.mount.scope(for: request)
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
