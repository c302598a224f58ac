/// An event this version of the package does not know: the escape hatch for extension
/// events, in both directions.
///
/// An application sends one only when the scope offers its extension; the event validator
/// checks ``extensionName`` against the scope's extensions.
public struct ExtensionEvent: Sendable, Hashable {
    /// The spec `type` (`"ext.trace.span"`).
    public var type: String
    /// The extension this event belongs to, as advertised in `extensions`.
    public var extensionName: String
    /// The event's other keys.
    public var fields: [String: PAGIValue]

    /// An event of `type` belonging to the extension `extensionName`.
    public init(type: String, extensionName: String, fields: [String: PAGIValue] = [:]) {
        self.type = type
        self.extensionName = extensionName
        self.fields = fields
    }
}
