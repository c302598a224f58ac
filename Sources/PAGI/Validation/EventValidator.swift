/// Checks the events an application sends against its scope's protocol: order (a body
/// before the start, a second start, a body after the last one, `websocket.send` before
/// accept, `sse.send` before `sse.start`, trailers that were not promised ...), the scope
/// (no `websocket.send` in an `http` scope), the extensions offered, and the fields (header
/// bytes, status codes, close codes, SSE framing).
///
/// One validator per scope. Servers, the test client and the Lint middleware all use it,
/// so an application fails the same way everywhere.
///
/// ```swift
/// var validator = EventValidator(scope: scope)
/// try validator.validate(.httpResponseBody("too early"))  // throws: send http.response.start first
/// ```
public struct EventValidator: Sendable {
    private enum Rules: Sendable {
        case http(HTTPEventRules)
        case websocket(WebSocketEventRules)
        case sse(SSEEventRules)
        case lifespan(LifespanEventRules)
    }

    private var rules: Rules
    private let extensions: Extensions

    /// The scope type being validated.
    public let scopeType: ScopeType

    /// A validator for a fresh `scope`.
    public init(scope: Scope) {
        self.scopeType = scope.type
        self.extensions = scope.extensions
        switch scope {
        case .http: self.rules = .http(HTTPEventRules())
        case .websocket(let request): self.rules = .websocket(WebSocketEventRules(offeredSubprotocols: request.subprotocols))
        case .sse: self.rules = .sse(SSEEventRules())
        case .lifespan: self.rules = .lifespan(LifespanEventRules())
        }
    }

    /// Records an event the application received (the lifespan answers depend on it).
    public mutating func received(_ event: InboundEvent) {
        if case .lifespan(var rules) = self.rules {
            rules.received(event)
            self.rules = .lifespan(rules)
        }
    }

    /// Checks `event` and records it. Throws a ``PAGIError`` that says what is wrong; a
    /// rejected event changes nothing.
    public mutating func validate(_ event: OutboundEvent) throws(PAGIError) {
        if case .custom(let custom) = event {
            guard self.extensions.contains(custom.extensionName) else {
                throw PAGIError.extensionNotEnabled(custom.extensionName, event: custom.type)
            }
            return
        }
        guard event.isValid(in: self.scopeType) else {
            throw PAGIError.notValidForScope(event.type, self.scopeType)
        }
        if let required = event.requiredExtension, !self.extensions.contains(required) {
            throw PAGIError.extensionNotEnabled(required, event: event.type)
        }
        switch self.rules {
        case .http(var rules):
            try rules.validate(event)
            self.rules = .http(rules)
        case .websocket(var rules):
            try rules.validate(event)
            self.rules = .websocket(rules)
        case .sse(var rules):
            try rules.validate(event)
            self.rules = .sse(rules)
        case .lifespan(var rules):
            try rules.validate(event)
            self.rules = .lifespan(rules)
        }
    }

    /// Whether the application has started its answer: an HTTP response, a WebSocket accept,
    /// close or denial, an event stream or its decline, a lifespan startup answer.
    public var hasStarted: Bool {
        switch self.rules {
        case .http(let rules): return rules.phase != .awaitingStart
        case .websocket(let rules): return rules.phase != .handshake
        case .sse(let rules): return rules.phase != .idle
        case .lifespan(let rules): return rules.phase != .awaitingStartup && rules.phase != .startingUp
        }
    }

    /// Whether the application's answer is complete: the last body (and promised trailers) of
    /// an HTTP response, a WebSocket close or complete denial, a closed or declined event
    /// stream, a lifespan shutdown answer.
    public var isComplete: Bool {
        switch self.rules {
        case .http(let rules): return rules.phase == .complete
        case .websocket(let rules): return rules.phase == .closed
        case .sse(let rules): return rules.phase == .closed || rules.phase == .declined
        case .lifespan(let rules): return rules.phase == .finished
        }
    }
}

extension OutboundEvent {
    /// Whether the event may be sent in a scope of this type.
    func isValid(in scope: ScopeType) -> Bool {
        switch self {
        case .httpResponseStart, .httpResponseBody, .httpResponseFile, .httpResponseTrailers: return scope == .http
        case .httpFullFlush: return scope == .http || scope == .sse
        case .websocketAccept, .websocketSend, .websocketClose, .websocketKeepalive, .websocketHTTPResponseStart,
            .websocketHTTPResponseBody:
            return scope == .websocket
        case .sseStart, .sseSend, .sseComment, .sseKeepalive, .sseClose, .sseHTTPResponseStart, .sseHTTPResponseBody:
            return scope == .sse
        case .lifespanStartupComplete, .lifespanStartupFailed, .lifespanShutdownComplete, .lifespanShutdownFailed:
            return scope == .lifespan
        case .custom: return true
        }
    }

    /// The extension the event needs, if any.
    var requiredExtension: String? {
        switch self {
        case .httpFullFlush: return Extensions.fullFlushName
        case .websocketHTTPResponseStart, .websocketHTTPResponseBody: return Extensions.websocketHTTPResponseName
        case .custom(let event): return event.extensionName
        default: return nil
        }
    }
}
