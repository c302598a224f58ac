/// Suspends until the next event from the server and returns it.
public typealias Receive = @Sendable () async throws -> InboundEvent

/// Hands an event to the server; returns once the server has taken it.
public typealias Send = @Sendable (OutboundEvent) async throws -> Void

/// A PAGI application: called once per connection scope (once per HTTP request, once per
/// WebSocket or SSE connection, once for the lifespan of the process).
///
/// It reads events with `receive`, answers with `send`, and returns when it is done; its
/// return means the scope is finished. It must have awaited every `send` by then.
///
/// ```swift
/// let hello: Application = { scope, receive, send in
///     guard case .http = scope else { throw PAGIError.unsupportedScope(scope.type) }
///     try await send(.httpResponseStart(status: .ok, headers: ["content-type": "text/plain"]))
///     try await send(.httpResponseBody("Hello, World!"))
/// }
/// ```
///
/// Failures: throwing before the response started gets the client a 500; after it started,
/// the server closes the connection; returning without a response gets a 500 and a log line.
public typealias Application = @Sendable (_ scope: Scope, _ receive: @escaping Receive, _ send: @escaping Send) async throws -> Void
