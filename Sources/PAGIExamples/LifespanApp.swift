import Synchronization
public import PAGI

/// A request counter shared by every request through the lifespan state.
public final class RequestCounter: Sendable {
    private let count = Mutex(0)

    /// A counter at zero.
    public init() {}

    /// Adds one and returns the new count.
    public func next() -> Int { self.count.withLock { $0 += 1; return $0 } }
}

extension ScopeKey where Value == String {
    /// The greeting the `lifespan` example stores at startup.
    public static let greeting = ScopeKey("example.greeting")
}

extension ScopeKey where Value == RequestCounter {
    /// The counter the `lifespan` example stores at startup.
    public static let requestCounter = ScopeKey("example.request_counter")
}

extension ExampleApps {
    /// Fills the lifespan state at startup (a greeting, and a counter object every request
    /// shares) and answers each request from it.
    public static let lifespan: Application = { scope, receive, send in
        switch scope {
        case .lifespan(let lifespan):
            while true {
                switch try await receive() {
                case .lifespanStartup:
                    lifespan.state[.greeting] = "Hello from lifespan"
                    lifespan.state[.requestCounter] = RequestCounter()
                    try await send(.lifespanStartupComplete)
                case .lifespanShutdown:
                    try await send(.lifespanShutdownComplete)
                    return
                default:
                    continue
                }
            }
        case .http(let request):
            _ = try await readBody(from: receive)
            let greeting = request.state[.greeting] ?? "Hello (no lifespan state)"
            let count = request.state[.requestCounter]?.next() ?? 0
            try await send(.httpResponseStart(status: .ok, headers: ["content-type": "text/plain; charset=utf-8"]))
            try await send(.httpResponseBody("\(greeting) via shared state (request \(count))"))
        default:
            throw PAGIError.unsupportedScope(scope.type)
        }
    }
}
