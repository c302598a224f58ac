import NIOCore
import NIOWebSocket
import PAGI

/// A frame header as RFC 6455 §5.2 lays it out, checked.
struct WebSocketFrameHeader: Equatable, Sendable {
    var fin: Bool
    /// RSV1: the per-message-deflate bit when that extension was negotiated.
    var rsv1: Bool
    var opcode: WebSocketOpcode
    /// The payload length in bytes.
    var length: Int
    var maskKey: WebSocketMaskingKey?

    var isControl: Bool { self.opcode.isControlOpcode }
}

/// What the peer did wrong, with the close code the server answers (RFC 6455 §7.4.1).
struct WebSocketProtocolError: Error, Equatable, Sendable {
    var code: WebSocketCloseCode
    var reason: String

    static func protocolError(_ reason: String) -> WebSocketProtocolError {
        WebSocketProtocolError(code: .protocolError, reason: reason)
    }
}

/// Reads client frames from a connection's bytes, incrementally: the header as soon as it is
/// complete, then the payload in pieces as they arrive (unmasked), so that a large message is
/// never held whole here and a text frame can be checked byte by byte as it streams.
///
/// Written here rather than taken from NIOWebSocket's decoder, which waits for a whole frame
/// before handing it on; NIOWebSocket's opcode and masking key types are used as they are.
///
/// Refused (close code 1002 unless noted): an unmasked frame; RSV bits that no negotiated
/// extension defines (RSV1 is allowed with `allowRSV1`, and only on the first frame of a data
/// message, which the connection checks); a reserved opcode; a control frame that is
/// fragmented or longer than 125 bytes; a 64-bit length with its top bit set; a frame longer
/// than `maxFrameSize` (1009). A length written wider than it needs is accepted: RFC 6455
/// asks senders for the minimal form but does not make receivers refuse the others.
struct WebSocketFrameParser {
    /// A step of the frame stream.
    enum Event: Equatable {
        /// A new frame: its checked header.
        case header(WebSocketFrameHeader)
        /// The next unmasked piece of the current frame's payload (never empty).
        case payload(ByteBuffer)
        /// The current frame's payload is complete.
        case end
    }

    private enum State {
        case header
        case payload(remaining: Int, maskKey: WebSocketMaskingKey?, offset: Int)
    }

    let maxFrameSize: Int
    let allowRSV1: Bool
    private var state = State.header

    init(maxFrameSize: Int, allowRSV1: Bool = false) {
        self.maxFrameSize = maxFrameSize
        self.allowRSV1 = allowRSV1
    }

    /// The next event from the start of `buffer`, consuming what it reads; `nil` when more
    /// bytes are needed.
    mutating func next(from buffer: inout ByteBuffer) throws(WebSocketProtocolError) -> Event? {
        switch self.state {
        case .header:
            guard let header = try self.readHeader(from: &buffer) else { return nil }
            self.state = .payload(remaining: header.length, maskKey: header.maskKey, offset: 0)
            return .header(header)
        case .payload(let remaining, let maskKey, let offset):
            if remaining == 0 {
                self.state = .header
                return .end
            }
            guard buffer.readableBytes > 0 else { return nil }
            var piece = buffer.readSlice(length: min(remaining, buffer.readableBytes))!
            if let maskKey { WebSocketMasking.unmask(&piece, key: maskKey, offset: offset) }
            self.state = .payload(remaining: remaining - piece.readableBytes, maskKey: maskKey, offset: offset + piece.readableBytes)
            return .payload(piece)
        }
    }

    private func readHeader(from buffer: inout ByteBuffer) throws(WebSocketProtocolError) -> WebSocketFrameHeader? {
        guard let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self),
            let second = buffer.getInteger(at: buffer.readerIndex + 1, as: UInt8.self)
        else { return nil }
        let masked = second & 0x80 != 0
        let shortLength = Int(second & 0x7F)
        let lengthBytes = shortLength == 126 ? 2 : shortLength == 127 ? 8 : 0
        let headerSize = 2 + lengthBytes + (masked ? 4 : 0)
        guard buffer.readableBytes >= headerSize else { return nil }

        let fin = first & 0x80 != 0
        let rsv1 = first & 0x40 != 0
        if first & 0x30 != 0 { throw .protocolError("RSV2 or RSV3 set without an extension that defines them") }
        if rsv1 && !self.allowRSV1 { throw .protocolError("RSV1 set without a negotiated extension") }
        switch first & 0x0F {
        case 0x0, 0x1, 0x2, 0x8, 0x9, 0xA: break  // continuation, text, binary, close, ping, pong
        default: throw .protocolError("reserved opcode \(first & 0x0F)")
        }
        let opcode = WebSocketOpcode(encodedWebSocketOpcode: first & 0x0F)!
        guard masked else { throw .protocolError("a client frame must be masked") }

        var length = shortLength
        if lengthBytes == 2 {
            length = Int(buffer.getInteger(at: buffer.readerIndex + 2, as: UInt16.self)!)
        } else if lengthBytes == 8 {
            let wide = buffer.getInteger(at: buffer.readerIndex + 2, as: UInt64.self)!
            guard wide & (1 << 63) == 0 else { throw .protocolError("the 64-bit length has its top bit set") }
            guard wide <= UInt64(Int.max) else { throw WebSocketProtocolError(code: .messageTooBig, reason: "frame too large") }
            length = Int(wide)
        }
        if opcode.isControlOpcode {
            if !fin { throw .protocolError("a fragmented control frame") }
            if length > 125 { throw .protocolError("a control frame longer than 125 bytes") }
        }
        if length > self.maxFrameSize {
            throw WebSocketProtocolError(code: .messageTooBig, reason: "a frame of \(length) bytes, over the limit of \(self.maxFrameSize)")
        }
        let keyStart = buffer.readerIndex + 2 + lengthBytes
        let maskKey = WebSocketMaskingKey(buffer.readableBytesView[keyStart..<keyStart + 4])
        buffer.moveReaderIndex(forwardBy: headerSize)
        return WebSocketFrameHeader(fin: fin, rsv1: rsv1, opcode: opcode, length: length, maskKey: maskKey)
    }
}
