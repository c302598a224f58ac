/// The spec's scope `type`.
public enum ScopeType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case http
    case websocket
    case sse
    case lifespan

    public var description: String { self.rawValue }
}
