/// What an application is called with: the description of one connection scope.
///
/// ```swift
/// let app: Application = { scope, receive, send in
///     guard case .http(let request) = scope else { throw PAGIError.unsupportedScope(scope.type) }
///     ...
/// }
/// ```
///
/// An application that does not handle a scope's type must throw (``PAGIError/unsupportedScope(_:)``);
/// servers treat that as "not supported" (for lifespan: the application declines lifespan).
public enum Scope: Sendable {
    /// An HTTP request (`type` `"http"`).
    case http(RequestScope)
    /// A WebSocket connection (`type` `"websocket"`).
    case websocket(RequestScope)
    /// A server-sent-events stream (`type` `"sse"`): a request whose `Accept` includes
    /// `text/event-stream` and which is not a WebSocket upgrade.
    case sse(RequestScope)
    /// The process lifespan (`type` `"lifespan"`).
    case lifespan(LifespanScope)

    /// The spec's `type`.
    public var type: ScopeType {
        switch self {
        case .http: return .http
        case .websocket: return .websocket
        case .sse: return .sse
        case .lifespan: return .lifespan
        }
    }

    /// The request scope of an `http`, `websocket` or `sse` scope; `nil` for `lifespan`.
    /// Setting it replaces the payload and keeps the type (setting `nil` does nothing).
    public var request: RequestScope? {
        get {
            switch self {
            case .http(let request), .websocket(let request), .sse(let request): return request
            case .lifespan: return nil
            }
        }
        set {
            guard let newValue else { return }
            switch self {
            case .http: self = .http(newValue)
            case .websocket: self = .websocket(newValue)
            case .sse: self = .sse(newValue)
            case .lifespan: return
            }
        }
    }

    /// The spec revision of this scope (`pagi`).
    public var pagi: PAGIInfo {
        switch self {
        case .http(let request), .websocket(let request), .sse(let request): return request.pagi
        case .lifespan(let lifespan): return lifespan.pagi
        }
    }

    /// The extensions offered on this connection; none for `lifespan`.
    public var extensions: Extensions { self.request?.extensions ?? Extensions() }
}
