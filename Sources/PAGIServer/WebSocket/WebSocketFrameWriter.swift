import NIOCore
import NIOWebSocket
import PAGI

/// Writes server frames (RFC 6455 §5.2): never masked, the length in its minimal form.
enum WebSocketFrameWriter {
    /// Appends the header of a frame whose payload has `length` bytes.
    static func writeHeader(fin: Bool = true, rsv1: Bool = false, opcode: WebSocketOpcode, length: Int, into buffer: inout ByteBuffer) {
        precondition(length >= 0)
        var first = UInt8(webSocketOpcode: opcode)
        if fin { first |= 0x80 }
        if rsv1 { first |= 0x40 }
        buffer.writeInteger(first)
        switch length {
        case 0...125:
            buffer.writeInteger(UInt8(length))
        case 126...0xFFFF:
            buffer.writeInteger(UInt8(126))
            buffer.writeInteger(UInt16(length))
        default:
            buffer.writeInteger(UInt8(127))
            buffer.writeInteger(UInt64(length))
        }
    }

    /// A whole frame: its header and `payload`, in one buffer.
    static func frame(fin: Bool = true, rsv1: Bool = false, opcode: WebSocketOpcode, payload: ByteBuffer) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(payload.readableBytes + 10)
        self.writeHeader(fin: fin, rsv1: rsv1, opcode: opcode, length: payload.readableBytes, into: &buffer)
        buffer.writeImmutableBuffer(payload)
        return buffer
    }

    /// A whole message in one frame: text as UTF-8, binary as it is.
    static func frame(for message: WebSocketMessage) -> ByteBuffer {
        switch message {
        case .text(let text):
            var buffer = ByteBuffer()
            buffer.reserveCapacity(text.utf8.count + 10)
            self.writeHeader(opcode: .text, length: text.utf8.count, into: &buffer)
            buffer.writeString(text)
            return buffer
        case .binary(let bytes):
            return self.frame(opcode: .binary, payload: bytes)
        }
    }

    /// Binary payloads above this size are written after their header rather than copied
    /// into one buffer with it.
    static let copyLimit = 16 * 1024

    /// A whole message in one frame, as the parts to write: one buffer, or the header and a
    /// large binary payload as it is (no copy).
    static func frames(for message: WebSocketMessage) -> [IOData] {
        if case .binary(let bytes) = message, bytes.readableBytes > Self.copyLimit {
            var header = ByteBuffer()
            self.writeHeader(opcode: .binary, length: bytes.readableBytes, into: &header)
            return [.byteBuffer(header), .byteBuffer(bytes)]
        }
        return [.byteBuffer(self.frame(for: message))]
    }

    /// A close frame: the code, then the reason as UTF-8 (the event validator has already kept
    /// the code sendable and the reason within 123 bytes).
    static func closeFrame(code: WebSocketCloseCode, reason: String) -> ByteBuffer {
        var payload = ByteBuffer()
        payload.writeInteger(code.rawValue)
        payload.writeString(reason)
        return self.frame(opcode: .connectionClose, payload: payload)
    }
}
