import NIOCore
import NIOWebSocket

/// Unmasking client payloads (RFC 6455 §5.3), eight bytes at a time. NIOWebSocket's
/// `webSocketUnmask` works byte by byte; every byte a client sends passes through here, so
/// the word-wide loop is worth its few lines.
enum WebSocketMasking {
    /// XORs the readable bytes of `buffer` with `key`, beginning `offset` bytes into the key's
    /// four-byte cycle (the payload bytes of the frame that came before this piece).
    static func unmask(_ buffer: inout ByteBuffer, key: WebSocketMaskingKey, offset: Int) {
        var wideKey: UInt64 = 0
        withUnsafeMutableBytes(of: &wideKey) { wide in
            for index in 0..<8 { wide[index] = key[(offset + index) % 4] }
        }
        buffer.withUnsafeMutableReadableBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            let count = bytes.count
            var index = 0
            while index + 8 <= count {
                let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                base.storeBytes(of: word ^ wideKey, toByteOffset: index, as: UInt64.self)
                index += 8
            }
            while index < count {
                bytes[index] ^= key[(offset + index) % 4]
                index += 1
            }
        }
    }
}
