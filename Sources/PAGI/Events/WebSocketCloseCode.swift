/// A WebSocket close code (RFC 6455 section 7.4).
public struct WebSocketCloseCode: Sendable, Hashable, RawRepresentable, ExpressibleByIntegerLiteral,
    CustomStringConvertible
{
    public let rawValue: UInt16

    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public init(integerLiteral value: UInt16) { self.rawValue = value }

    /// 1000: the purpose of the connection was fulfilled.
    public static let normalClosure: WebSocketCloseCode = 1000
    /// 1001: the endpoint is going away (server shutdown, page left).
    public static let goingAway: WebSocketCloseCode = 1001
    /// 1002: the peer broke the protocol.
    public static let protocolError: WebSocketCloseCode = 1002
    /// 1003: a message of a type the endpoint cannot accept.
    public static let unsupportedData: WebSocketCloseCode = 1003
    /// Reported when the peer's close frame carried no code; never sent.
    public static let noStatusReceived: WebSocketCloseCode = 1005
    /// Reported when the connection dropped without a close handshake; never sent.
    public static let abnormalClosure: WebSocketCloseCode = 1006
    /// 1007: a message whose data does not match its type (text that is not UTF-8).
    public static let invalidPayloadData: WebSocketCloseCode = 1007
    /// 1008: a message that violates the endpoint's policy (such as an overflowing queue).
    public static let policyViolation: WebSocketCloseCode = 1008
    /// 1009: a message too big to process.
    public static let messageTooBig: WebSocketCloseCode = 1009
    /// 1010: the client expected an extension the server did not negotiate.
    public static let mandatoryExtension: WebSocketCloseCode = 1010
    /// 1011: an unexpected condition on the server.
    public static let internalError: WebSocketCloseCode = 1011
    /// 1012: the server is restarting.
    public static let serviceRestart: WebSocketCloseCode = 1012
    /// 1013: the server is overloaded; try again later.
    public static let tryAgainLater: WebSocketCloseCode = 1013
    /// 1014: a gateway received an invalid response upstream.
    public static let badGateway: WebSocketCloseCode = 1014

    /// Whether an endpoint may put this code in a close frame: 1000-1003, 1007-1014 and the
    /// registered and private ranges 3000-4999. (1004-1006 and 1015 are reserved.)
    public var isSendable: Bool {
        switch self.rawValue {
        case 1000...1003, 1007...1014, 3000...4999: return true
        default: return false
        }
    }

    public var description: String { String(self.rawValue) }
}
