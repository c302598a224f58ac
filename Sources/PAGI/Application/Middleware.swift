/// A middleware: a function from application to application, applied once when the
/// application is built, never per request.
///
/// A middleware may change the scope it passes down (its own copy; the spec forbids changing
/// the caller's), wrap `receive` and `send`, answer on its own, or call the application it
/// wraps. It must let the wrapped application's errors propagate.
///
/// ```swift
/// struct ServerHeader: Middleware {
///     func wrap(_ app: @escaping Application) -> Application {
///         { scope, receive, send in
///             try await app(scope, receive) { event in
///                 guard case .httpResponseStart(var start) = event else { return try await send(event) }
///                 start.headers.append("server", "pagi")
///                 try await send(.httpResponseStart(start))
///             }
///         }
///     }
/// }
/// ```
public protocol Middleware: Sendable {
    /// Returns the application wrapped by this middleware.
    func wrap(_ app: @escaping Application) -> Application
}

/// A middleware written as a closure.
public struct MiddlewareFunction: Middleware {
    private let body: @Sendable (@escaping Application) -> Application

    /// A middleware that wraps an application with `body`.
    public init(_ body: @escaping @Sendable (@escaping Application) -> Application) {
        self.body = body
    }

    public func wrap(_ app: @escaping Application) -> Application {
        self.body(app)
    }
}

/// Wraps `app` in `middleware`, once. The first middleware is the outermost: it sees each
/// scope first and each response event last.
public func compose(_ middleware: [any Middleware], around app: @escaping Application) -> Application {
    // A loop, not `reduce`: a generic function would re-abstract the application, and every
    // call through the stack would go through conversion thunks.
    var composed = app
    for layer in middleware.reversed() {
        composed = layer.wrap(composed)
    }
    return composed
}

/// Wraps `app` in `middleware`, once; the first is the outermost.
public func compose(_ middleware: any Middleware..., around app: @escaping Application) -> Application {
    compose(middleware, around: app)
}
