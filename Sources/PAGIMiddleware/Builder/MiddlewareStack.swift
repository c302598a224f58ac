public import PAGI

/// Middleware composed once, in the order listed, the first outermost; mounts (``Mount``)
/// innermost, in front of the application, tried longest prefix first.
///
/// ```swift
/// let app = MiddlewareStack {
///     AccessLog()
///     Enable(if: { $0.request?.path.hasPrefix("/api") == true }) { CORS() }
///     if development { Lint() }
///     Mount("/admin", adminApp)
/// }.wrap(mainApp)
/// ```
///
/// A stack is itself a ``Middleware``: stacks nest.
public struct MiddlewareStack: Middleware {
    let middleware: [any Middleware]
    let mounts: [Mount]

    /// The stack `layers` lists; a layer that throws while it is made (``Static`` without
    /// its directory) makes the stack throw.
    public init(@MiddlewareStackBuilder _ layers: () throws -> [MiddlewareStackBuilder.Layer]) rethrows {
        var middleware: [any Middleware] = []
        var mounts: [Mount] = []
        for layer in try layers() {
            switch layer {
            case .middleware(let layer): middleware.append(layer)
            case .mount(let mount): mounts.append(mount)
            }
        }
        self.middleware = middleware
        self.mounts = mounts
    }

    public func wrap(_ app: @escaping Application) -> Application {
        let inner = self.mounts.isEmpty ? app : URLMap(self.mounts).wrap(app)
        return compose(self.middleware, around: inner)
    }
}

/// The block of a ``MiddlewareStack``: middleware, mounts, `if`, `if`/`else` and `for`.
@resultBuilder
public enum MiddlewareStackBuilder {
    /// One entry of a stack.
    public enum Layer: Sendable {
        case middleware(any Middleware)
        case mount(Mount)
    }

    public static func buildExpression(_ middleware: any Middleware) -> [Layer] { [.middleware(middleware)] }
    public static func buildExpression(_ mount: Mount) -> [Layer] { [.mount(mount)] }
    public static func buildBlock(_ parts: [Layer]...) -> [Layer] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [Layer]?) -> [Layer] { part ?? [] }
    public static func buildEither(first part: [Layer]) -> [Layer] { part }
    public static func buildEither(second part: [Layer]) -> [Layer] { part }
    public static func buildArray(_ parts: [[Layer]]) -> [Layer] { parts.flatMap { $0 } }
}

/// Middleware that applies only to the scopes `predicate` accepts; the others go straight to
/// the application. The middleware is built once, not per request.
///
/// ```swift
/// Enable(if: { $0.type == .http }) { GZip() }
/// ```
public struct Enable: Middleware {
    let predicate: @Sendable (Scope) -> Bool
    let middleware: MiddlewareStack

    public init(if predicate: @escaping @Sendable (Scope) -> Bool, @MiddlewareStackBuilder _ layers: () throws -> [MiddlewareStackBuilder.Layer]) rethrows {
        self.predicate = predicate
        self.middleware = try MiddlewareStack(layers)
    }

    public func wrap(_ app: @escaping Application) -> Application {
        let wrapped = self.middleware.wrap(app)
        let predicate = self.predicate
        return { scope, receive, send in
            try await (predicate(scope) ? wrapped : app)(scope, receive, send)
        }
    }
}
