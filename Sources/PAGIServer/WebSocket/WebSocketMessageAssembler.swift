import NIOCore
import NIOWebSocket
import PAGI

/// Turns the frame parser's events into what the connection acts on: whole messages
/// (fragments joined), and control frames, which may arrive between the fragments of a message.
///
/// Refused: a continuation without a message in progress, or a new data frame while one is
/// in progress (1002); text that is not UTF-8, as soon as the bad byte arrives (1007); a
/// message over `maxMessageSize` (1009); a close frame of one byte or with a code no endpoint
/// may send (1002), or with a reason that is not UTF-8 (1007).
struct WebSocketMessageAssembler {
    /// What a complete frame or message means.
    enum Output: Equatable {
        case message(WebSocketMessage)
        case ping(ByteBuffer)
        case pong(ByteBuffer)
        /// The peer's close frame: its code (`noStatusReceived` when it had none) and reason.
        case close(code: WebSocketCloseCode, reason: String)
    }

    let maxMessageSize: Int
    private var frame: WebSocketFrameHeader?
    /// The data message in progress: its type, its bytes so far, its text check.
    private var message: (opcode: WebSocketOpcode, bytes: ByteBuffer, utf8: UTF8Validator)?
    private var control = ByteBuffer()

    init(maxMessageSize: Int) {
        self.maxMessageSize = maxMessageSize
    }

    /// Consumes one parser event; returns an output when a message or control frame completes.
    mutating func consume(_ event: WebSocketFrameParser.Event) throws(WebSocketProtocolError) -> Output? {
        switch event {
        case .header(let header):
            try self.begin(header)
            return nil
        case .payload(let piece):
            guard let header = self.frame else { return nil }
            if header.isControl {
                self.control.writeImmutableBuffer(piece)
            } else {
                try self.append(piece)
            }
            return nil
        case .end:
            guard let header = self.frame else { return nil }
            self.frame = nil
            return header.isControl ? try self.endControl(header.opcode) : try self.endData(fin: header.fin)
        }
    }

    private mutating func begin(_ header: WebSocketFrameHeader) throws(WebSocketProtocolError) {
        self.frame = header
        if header.isControl {
            self.control.clear()
            return
        }
        switch (header.opcode, self.message) {
        case (.continuation, nil):
            throw .protocolError("a continuation frame without a message to continue")
        case (.continuation, _):
            break
        case (_, nil):
            self.message = (header.opcode, ByteBuffer(), UTF8Validator())
        default:
            throw .protocolError("a new message began before the previous one ended")
        }
    }

    private mutating func append(_ piece: ByteBuffer) throws(WebSocketProtocolError) {
        guard var message = self.message else { return }
        self.message = nil  // Keep the buffer uniquely referenced while it grows.
        if message.bytes.readableBytes + piece.readableBytes > self.maxMessageSize {
            throw WebSocketProtocolError(code: .messageTooBig, reason: "a message over the limit of \(self.maxMessageSize) bytes")
        }
        if message.opcode == .text, !message.utf8.validate(piece.readableBytesView) {
            throw WebSocketProtocolError(code: .invalidPayloadData, reason: "text that is not UTF-8")
        }
        if message.bytes.readableBytes == 0 {
            message.bytes = piece  // The usual one-piece message: no copy.
        } else {
            message.bytes.writeImmutableBuffer(piece)
        }
        self.message = message
    }

    private mutating func endData(fin: Bool) throws(WebSocketProtocolError) -> Output? {
        guard fin, let message = self.message else { return nil }
        self.message = nil
        if message.opcode == .binary { return .message(.binary(message.bytes)) }
        guard message.utf8.isComplete else {
            throw WebSocketProtocolError(code: .invalidPayloadData, reason: "text that ends inside a UTF-8 character")
        }
        return .message(.text(String(buffer: message.bytes)))
    }

    private mutating func endControl(_ opcode: WebSocketOpcode) throws(WebSocketProtocolError) -> Output? {
        let payload = self.control
        switch opcode {
        case .ping: return .ping(payload)
        case .pong: return .pong(payload)
        default: return try Self.close(payload)
        }
    }

    /// The meaning of a close frame's payload.
    static func close(_ payload: ByteBuffer) throws(WebSocketProtocolError) -> Output {
        var payload = payload
        guard payload.readableBytes > 0 else { return .close(code: .noStatusReceived, reason: "") }
        guard let raw = payload.readInteger(as: UInt16.self) else { throw .protocolError("a close frame of one byte") }
        let code = WebSocketCloseCode(rawValue: raw)
        guard code.isSendable else { throw .protocolError("close code \(raw), which no endpoint may send") }
        var utf8 = UTF8Validator()
        guard utf8.validate(payload.readableBytesView), utf8.isComplete else {
            throw WebSocketProtocolError(code: .invalidPayloadData, reason: "a close reason that is not UTF-8")
        }
        return .close(code: code, reason: String(buffer: payload))
    }
}
