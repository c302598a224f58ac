import NIOCore
import NIOWebSocket

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
}
