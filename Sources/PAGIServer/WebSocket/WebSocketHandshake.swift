import Crypto
import NIOCore
import PAGI

/// The server side of the WebSocket opening handshake (RFC 6455 §4.2): the checks on the
/// upgrade request, the `Sec-WebSocket-Accept` value, and the `101 Switching Protocols` head.
enum WebSocketHandshake {
    /// Why an upgrade request is refused, and how.
    enum Refusal: Error, Equatable {
        /// 400 Bad Request, with the reason as its body.
        case badRequest(String)
        /// 426 Upgrade Required, with `Sec-WebSocket-Version: 13`: the client speaks another version.
        case unsupportedVersion

        var status: HTTPResponse.Status { self == .unsupportedVersion ? .upgradeRequired : .badRequest }

        var headers: Headers { self == .unsupportedVersion ? ["sec-websocket-version": "13"] : [:] }

        var message: String {
            switch self {
            case .badRequest(let reason): return reason
            case .unsupportedVersion: return "Only WebSocket version 13 is supported"
            }
        }
    }

    /// Checks an upgrade request (its `Upgrade` and `Connection` are already known to ask for
    /// a WebSocket); returns the client's key.
    static func check(_ head: RequestHead) throws(Refusal) -> String {
        guard head.method == .get else { throw .badRequest("A WebSocket handshake must be a GET request") }
        guard head.version == .http1_1 else { throw .badRequest("A WebSocket handshake needs HTTP/1.1") }
        guard head.framing == .none else { throw .badRequest("A WebSocket handshake has no body") }
        let versions = head.headers.filter { $0.name == "sec-websocket-version" }
        guard versions.count == 1, versions[0].value == "13" else { throw .unsupportedVersion }
        let keys = head.headers.filter { $0.name == "sec-websocket-key" }
        guard keys.count == 1, let key = keys[0].value.utf8String, Self.isNonce(key) else {
            throw .badRequest("Sec-WebSocket-Key must be one base64-encoded 16-byte value")
        }
        return key
    }

    /// `Sec-WebSocket-Accept` for `key`: the base64 SHA-1 of the key and RFC 6455's GUID.
    static func acceptValue(forKey key: String) -> String {
        let digest = Insecure.SHA1.hash(data: Array((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").utf8))
        return Self.base64(Array(digest))
    }

    /// The `101 Switching Protocols` head: the accept value for `key`, the subprotocol the
    /// application chose, and its extra headers.
    static func switchingProtocols(key: String, subprotocol: String?, headers extra: Headers, serializer: ResponseSerializer) -> ByteBuffer {
        var headers: Headers = ["upgrade": "websocket", "sec-websocket-accept": ByteString(Self.acceptValue(forKey: key))]
        if let subprotocol { headers.append(.secWebSocketProtocol, ByteString(subprotocol)) }
        headers.append(contentsOf: extra)
        return serializer.head(status: .switchingProtocols, headers: headers, framing: .noBody, keepAlive: true)
    }

    /// Whether `key` is the base64 form of 16 bytes: 22 alphabet characters, the last of them
    /// carrying no stray bits, then `==`.
    static func isNonce(_ key: String) -> Bool {
        let bytes = Array(key.utf8)
        guard bytes.count == 24, bytes[22] == UInt8(ascii: "="), bytes[23] == UInt8(ascii: "=") else { return false }
        guard bytes[..<22].allSatisfy({ Self.alphabet.contains($0) }) else { return false }
        return Self.alphabet.firstIndex(of: bytes[21])! & 0x0F == 0
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Standard base64 with padding (only the accept value needs it: 20 bytes).
    static func base64(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            let value = chunk.enumerated().reduce(0) { $0 | Int($1.element) << (16 - 8 * $1.offset) }
            for position in 0..<4 {
                output.append(position <= chunk.count ? Self.alphabet[(value >> (18 - 6 * position)) & 0x3F] : UInt8(ascii: "="))
            }
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }
}
