/// A WebSocket close code (RFC 6455 section 7.4).
public struct WebSocketCloseCode: Sendable, Hashable, RawRepresentable, ExpressibleByIntegerLiteral,
    CustomStringConvertible
{
    public let rawValue: UInt16

    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public init(integerLiteral value: UInt16) { self.rawValue = value }

    public static let normalClosure: WebSocketCloseCode = 1000
    public static let goingAway: WebSocketCloseCode = 1001
    public static let protocolError: WebSocketCloseCode = 1002
    public static let unsupportedData: WebSocketCloseCode = 1003
    /// Reported when the peer's close frame carried no code; never sent.
    public static let noStatusReceived: WebSocketCloseCode = 1005
    /// Reported when the connection dropped without a close handshake; never sent.
    public static let abnormalClosure: WebSocketCloseCode = 1006
    public static let invalidPayloadData: WebSocketCloseCode = 1007
    public static let policyViolation: WebSocketCloseCode = 1008
    public static let messageTooBig: WebSocketCloseCode = 1009
    public static let mandatoryExtension: WebSocketCloseCode = 1010
    public static let internalError: WebSocketCloseCode = 1011
    public static let serviceRestart: WebSocketCloseCode = 1012
    public static let tryAgainLater: WebSocketCloseCode = 1013
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
