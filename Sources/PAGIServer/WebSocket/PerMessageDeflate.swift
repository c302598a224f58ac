import CompressNIO
import NIOCore
import NIOWebSocket
import PAGI

/// permessage-deflate (RFC 7692) on the reading side: the payload of a compressed message
/// (RSV1 on its first frame) inflated piece by piece as it arrives, so that the message-size
/// limit and the UTF-8 check apply to the inflated bytes as they come, and a small frame that
/// inflates to gigabytes is stopped at the limit.
///
/// It sits between ``WebSocketFrameParser`` and ``WebSocketMessageAssembler``, and also checks
/// the RSV1 rules the extension adds: never on control frames or continuations (1002).
struct WebSocketInflation {
    private let decompressor: ZlibDecompressor
    private let resetsEachMessage: Bool
    private let maxMessageSize: Int
    /// The current data message is compressed.
    private var inflating = false
    private var frame: WebSocketFrameHeader?

    /// The tail that a sender's sync flush ends with and RFC 7692 removes (§7.2.2).
    private static let tail: [UInt8] = [0x00, 0x00, 0xFF, 0xFF]

    init(agreement: PerMessageDeflateAgreement, maxMessageSize: Int) throws {
        // A decompressor with the largest window reads data compressed with any smaller one.
        self.decompressor = try ZlibDecompressor(algorithm: .deflate, windowSize: 15)
        self.resetsEachMessage = agreement.clientNoContextTakeover
        self.maxMessageSize = maxMessageSize
    }

    /// The parser's event as the assembler should see it: inflated when it is payload of a
    /// compressed message. The end of a compressed message's last frame first yields the bytes
    /// its removed tail still held back.
    mutating func transform(_ event: WebSocketFrameParser.Event) throws(WebSocketProtocolError) -> [WebSocketFrameParser.Event] {
        switch event {
        case .header(let header):
            if header.rsv1 && (header.isControl || header.opcode == .continuation) {
                throw .protocolError("RSV1 set on a \(header.isControl ? "control frame" : "continuation frame")")
            }
            if !header.isControl && header.opcode != .continuation { self.inflating = header.rsv1 }
            self.frame = header
            return [event]
        case .payload(let piece):
            guard self.inflating, self.frame?.isControl == false else { return [event] }
            let inflated = try self.inflate(piece)
            return inflated.readableBytes > 0 ? [.payload(inflated)] : []
        case .end:
            guard self.inflating, let frame = self.frame, !frame.isControl, frame.fin else { return [event] }
            self.inflating = false
            let inflated = try self.inflate(ByteBuffer(bytes: Self.tail))
            if self.resetsEachMessage { try? self.decompressor.reset() }
            return inflated.readableBytes > 0 ? [.payload(inflated), .end] : [.end]
        }
    }

    private func inflate(_ piece: ByteBuffer) throws(WebSocketProtocolError) -> ByteBuffer {
        var input = piece
        var output = ByteBuffer()
        output.reserveCapacity(min(max(input.readableBytes * 4, 1024), self.maxMessageSize + 1))
        while true {
            do {
                try self.decompressor.inflate(from: &input, to: &output)
                return output
            } catch let error as CompressNIOError where error == .bufferOverflow {
                if output.readableBytes > self.maxMessageSize {
                    throw WebSocketProtocolError(code: .messageTooBig, reason: "a message that inflates past the limit of \(self.maxMessageSize) bytes")
                }
                output.reserveCapacity(min(output.capacity * 2, self.maxMessageSize + 1))
            } catch let error as CompressNIOError where error == .inputBufferOverflow {
                return output  // Everything read; zlib waits for more input.
            } catch {
                throw WebSocketProtocolError(code: .invalidPayloadData, reason: "a compressed message that does not inflate")
            }
        }
    }
}

/// permessage-deflate on the sending side: a message at least `minSize` bytes long goes out
/// compressed (RSV1 set), smaller ones as they are. The compressor is made on the first message
/// that needs it, so a connection that only sends small messages never pays its memory.
///
/// `@unchecked Sendable`: used only under the session's send gate, one message at a time.
final class WebSocketDeflation: @unchecked Sendable {
    private let agreement: PerMessageDeflateAgreement
    private let minSize: Int
    private var compressor: ZlibCompressor?

    init(agreement: PerMessageDeflateAgreement, minSize: Int) {
        self.agreement = agreement
        self.minSize = minSize
    }

    /// The frame for `message`, compressed when it is worth it (and when compression works;
    /// if zlib fails, the message goes out as it is).
    func frames(for message: WebSocketMessage) -> [IOData] {
        var payload: ByteBuffer
        let opcode: WebSocketOpcode
        switch message {
        case .text(let text):
            guard text.utf8.count >= self.minSize else { return WebSocketFrameWriter.frames(for: message) }
            (payload, opcode) = (ByteBuffer(string: text), .text)
        case .binary(let bytes):
            guard bytes.readableBytes >= self.minSize else { return WebSocketFrameWriter.frames(for: message) }
            (payload, opcode) = (bytes, .binary)
        }
        guard let compressed = self.deflate(&payload) else { return WebSocketFrameWriter.frames(for: message) }
        return [.byteBuffer(WebSocketFrameWriter.frame(rsv1: true, opcode: opcode, payload: compressed))]
    }

    private func deflate(_ payload: inout ByteBuffer) -> ByteBuffer? {
        do {
            let compressor = try self.compressor ?? ZlibCompressor(
                algorithm: .deflate,
                configuration: ZlibConfiguration(windowSize: Int32(self.agreement.serverMaxWindowBits), compressionLevel: 6, memoryLevel: 8)
            )
            self.compressor = compressor
            var output = ByteBuffer()
            output.reserveCapacity(compressor.maxSize(from: payload))
            try compressor.deflate(from: &payload, to: &output, flush: .sync)
            if self.agreement.serverNoContextTakeover { try compressor.reset() }
            // A sync flush ends with an empty stored block, 00 00 FF FF, which the receiver adds back.
            if output.readableBytes >= 4, output.getBytes(at: output.writerIndex - 4, length: 4) == [0x00, 0x00, 0xFF, 0xFF] {
                output.moveWriterIndex(to: output.writerIndex - 4)
            }
            return output
        } catch {
            self.compressor = nil
            return nil
        }
    }
}
