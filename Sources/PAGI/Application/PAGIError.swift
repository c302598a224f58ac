/// An error of the PAGI contract, with a message that says what went wrong and where.
public struct PAGIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of error, for code that branches on it.
    public struct Code: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
        public let rawValue: String

        public init(rawValue: String) { self.rawValue = rawValue }

        /// The client went away before the operation could finish.
        public static let clientDisconnected = Code(rawValue: "client_disconnected")
        /// An event arrived in the wrong order (a body before the start, a second start, ...).
        public static let eventOutOfOrder = Code(rawValue: "event_out_of_order")
        /// An event of another protocol (`websocket.send` in an `http` scope).
        public static let eventNotValidForScope = Code(rawValue: "event_not_valid_for_scope")
        /// An extension event whose extension the scope does not offer.
        public static let extensionNotEnabled = Code(rawValue: "extension_not_enabled")
        /// The application does not handle this scope type.
        public static let unsupportedScope = Code(rawValue: "unsupported_scope")
        /// An event whose fields are invalid (a header with CR or LF, a negative retry, ...).
        public static let invalidEvent = Code(rawValue: "invalid_event")
        /// The application returned without sending the response its scope requires.
        public static let noResponse = Code(rawValue: "no_response")
        /// The request body is larger than the reader's limit.
        public static let bodyTooLarge = Code(rawValue: "body_too_large")

        public var description: String { self.rawValue }
    }

    /// The kind of error.
    public let code: Code
    /// What went wrong and where, for people.
    public let message: String

    /// An error of kind `code` saying `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { self.message }

    /// The application does not handle `type`; what an application throws for such a scope.
    public static func unsupportedScope(_ type: ScopeType) -> PAGIError {
        PAGIError(.unsupportedScope, "Unsupported scope type '\(type)'")
    }

    /// The client went away.
    public static let clientDisconnected = PAGIError(.clientDisconnected, "The client disconnected")

    static func outOfOrder(_ event: String, _ why: String) -> PAGIError {
        PAGIError(.eventOutOfOrder, "Event '\(event)' out of order: \(why)")
    }

    static func notValidForScope(_ event: String, _ scope: ScopeType) -> PAGIError {
        PAGIError(.eventNotValidForScope, "Event '\(event)' is not valid in a '\(scope)' scope")
    }

    static func extensionNotEnabled(_ name: String, event: String) -> PAGIError {
        PAGIError(.extensionNotEnabled, "Event '\(event)' needs the '\(name)' extension, which this scope does not offer")
    }

    static func invalid(_ event: String, _ why: String) -> PAGIError {
        PAGIError(.invalidEvent, "Invalid '\(event)' event: \(why)")
    }
}
