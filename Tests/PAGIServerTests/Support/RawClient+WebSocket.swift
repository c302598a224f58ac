import NIOCore
import NIOWebSocket

/// A WebSocket client on a raw connection: frames written exactly as a test asks (masked or
/// not, any opcode, RSV bits), frames read as the server sent them.
extension RawClient {
    struct Frame: Equatable, CustomStringConvertible {
        var fin = true
        var opcode: WebSocketOpcode
        var payload: [UInt8]
        /// RSV1: the message is compressed (permessage-deflate).
        var rsv1 = false

        var text: String { String(decoding: self.payload, as: UTF8.self) }

        /// A close frame's code and reason.
        var close: (code: UInt16, reason: String)? {
            guard self.opcode == .connectionClose, self.payload.count >= 2 else { return nil }
            return (UInt16(self.payload[0]) << 8 | UInt16(self.payload[1]), String(decoding: self.payload[2...], as: UTF8.self))
        }

        var description: String { "\(self.opcode) \(self.payload.count) bytes \(self.text.prefix(40).debugDescription)" }
    }

    static let handshakeKey = "dGhlIHNhbXBsZSBub25jZQ=="

    /// Sends an upgrade request for `path` and reads the server's answer.
    func upgrade(_ path: String = "/", subprotocols: [String] = [], extraHeaders: String = "") async throws -> Response {
        var request = "GET \(path) HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        request += "Sec-WebSocket-Key: \(Self.handshakeKey)\r\nSec-WebSocket-Version: 13\r\n"
        if !subprotocols.isEmpty { request += "Sec-WebSocket-Protocol: \(subprotocols.joined(separator: ", "))\r\n" }
        try await self.send(request + extraHeaders + "\r\n")
        return try await self.readHead()
    }

    /// Writes one frame: masked (as clients must) unless `masked` is false.
    func sendFrame(_ opcode: WebSocketOpcode, _ payload: [UInt8], fin: Bool = true, rsv: UInt8 = 0, masked: Bool = true) async throws {
        var bytes: [UInt8] = [(fin ? 0x80 : 0) | rsv << 4 | UInt8(webSocketOpcode: opcode)]
        let mask: UInt8 = masked ? 0x80 : 0
        switch payload.count {
        case 0...125: bytes.append(mask | UInt8(payload.count))
        case 126...0xFFFF: bytes += [mask | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        default: bytes += [mask | 127] + (0..<8).reversed().map { UInt8((payload.count >> ($0 * 8)) & 0xFF) }
        }
        if masked {
            let key: [UInt8] = [0x37, 0xFA, 0x21, 0x3D]
            bytes += key
            bytes += payload.enumerated().map { $0.element ^ key[$0.offset % 4] }
        } else {
            bytes += payload
        }
        try await self.send(bytes: bytes)
    }

    func sendText(_ text: String, fin: Bool = true) async throws {
        try await self.sendFrame(.text, Array(text.utf8), fin: fin)
    }

    /// A close frame with `code` and `reason`.
    func sendClose(_ code: UInt16, _ reason: String = "") async throws {
        try await self.sendFrame(.connectionClose, [UInt8(code >> 8), UInt8(code & 0xFF)] + Array(reason.utf8))
    }

    /// The next frame from the server.
    func readFrame(timeout: Duration = .seconds(5)) async throws -> Frame {
        try await self.within(timeout) {
            while true {
                if let frame = self.parseFrame() { return frame }
                guard try await self.fill() else { throw TestFailure("the connection closed before a whole frame") }
            }
        }
    }

    /// The next frame that is not a ping.
    func readFrameSkippingPings(timeout: Duration = .seconds(5)) async throws -> Frame {
        while true {
            let frame = try await self.readFrame(timeout: timeout)
            if frame.opcode != .ping { return frame }
        }
    }

    private func parseFrame() -> Frame? {
        let view = self.buffer.readableBytesView
        guard view.count >= 2 else { return nil }
        let first = view[view.startIndex]
        let second = view[view.startIndex + 1]
        var length = Int(second & 0x7F)
        var offset = 2
        if length == 126 {
            guard view.count >= 4 else { return nil }
            length = Int(view[view.startIndex + 2]) << 8 | Int(view[view.startIndex + 3])
            offset = 4
        } else if length == 127 {
            guard view.count >= 10 else { return nil }
            length = (0..<8).reduce(0) { $0 << 8 | Int(view[view.startIndex + 2 + $1]) }
            offset = 10
        }
        guard view.count >= offset + length else { return nil }
        self.buffer.moveReaderIndex(forwardBy: offset)
        let payload = self.buffer.readBytes(length: length)!
        return Frame(fin: first & 0x80 != 0, opcode: WebSocketOpcode(encodedWebSocketOpcode: first & 0x0F)!, payload: payload, rsv1: first & 0x40 != 0)
    }
}
