import HTTPTypes
public import PAGIPubSub

/// What a WebSocket route runs: the connection lives as long as the handler.
public typealias WebSocketHandler = @Sendable (WebSocket) async throws -> Void

/// What an event-stream route runs.
public typealias EventStreamHandler = @Sendable (EventStream) async throws -> Void

/// The WebSocket and event-stream routes of an application, as registered.
struct RealtimeRoutes {
    struct Spec<Handler> {
        var pattern: String
        var constraints: [String: ParameterConstraint]
        var handler: Handler
    }

    var webSockets: [Spec<WebSocketHandler>] = []
    var eventStreams: [Spec<EventStreamHandler>] = []
    var bufferSize = PubSub.defaultBufferSize

    /// The routes in their tries (a route is stored under GET).
    func compile() throws(RouteError) -> CompiledRealtimeRoutes {
        CompiledRealtimeRoutes(
            bufferSize: self.bufferSize,
            webSockets: try Self.trie(self.webSockets) { CompiledRealtimeRoutes.WebSocketRoute(handler: $0) },
            eventStreams: try Self.trie(self.eventStreams) { CompiledRealtimeRoutes.EventStreamRoute(handler: $0) }
        )
    }

    private static func trie<Handler, Route>(_ specs: [Spec<Handler>], _ make: (Handler) -> Route) throws(RouteError) -> RouteTrie<Route> {
        var trie = RouteTrie<Route>()
        for spec in specs {
            let pattern = try RoutePattern(spec.pattern)
            for name in spec.constraints.keys where !pattern.parameterNames.contains(name) {
                throw .unknownParameter(pattern: spec.pattern, name: name)
            }
            try trie.insert(.get, pattern, constraints: spec.constraints, value: make(spec.handler))
        }
        return trie
    }
}

/// The realtime routes once built.
struct CompiledRealtimeRoutes: Sendable {
    struct WebSocketRoute: Sendable { let handler: WebSocketHandler }
    struct EventStreamRoute: Sendable { let handler: EventStreamHandler }

    let bufferSize: Int
    let webSockets: RouteTrie<WebSocketRoute>
    let eventStreams: RouteTrie<EventStreamRoute>
}

extension SimpleApp {
    /// How many room or channel messages a WebSocket or an event stream may fall behind (a
    /// client reading slower than they are published) before it is closed: a WebSocket with
    /// 1008, an event stream so that its client reconnects with `Last-Event-ID`. Default 256.
    public var subscriberBufferSize: Int {
        get { self.realtimeRoutes.bufferSize }
        set { self.realtimeRoutes.bufferSize = max(1, newValue) }
    }

    /// A WebSocket route: `handler` runs for each connection whose path matches `pattern`
    /// (with parameters, as HTTP routes), and the connection lives as long as it does. See
    /// ``WebSocket``. A plain HTTP request for the path gets 426 Upgrade Required.
    public func websocket(_ pattern: String, where constraints: [String: ParameterConstraint] = [:], _ handler: @escaping WebSocketHandler) {
        self.realtimeRoutes.webSockets.append(.init(pattern: pattern, constraints: constraints, handler: handler))
    }

    /// A server-sent event route: `handler` runs for each event-stream request (`Accept:
    /// text/event-stream`, as an `EventSource` sends) whose path matches `pattern`. See
    /// ``EventStream``. Another request for the path, when no HTTP route takes it, gets 406
    /// saying to ask for `text/event-stream`.
    public func sse(_ pattern: String, where constraints: [String: ParameterConstraint] = [:], _ handler: @escaping EventStreamHandler) {
        self.realtimeRoutes.eventStreams.append(.init(pattern: pattern, constraints: constraints, handler: handler))
    }
}
