import NIOCore

/// Takes a request body off the connection's bytes: `Content-Length` bytes, or chunked
/// framing removed (chunk sizes must be hex digits, at most 16; extensions are skipped;
/// every chunk ends in CRLF; trailer fields are read and dropped). Bodies over `maxSize`
/// bytes fail with 413 as soon as that is known.
struct BodyDecoder {
    private enum State {
        case length(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkEnd
        case trailers(size: Int)
        case done
    }

    private var state: State
    private let maxSize: Int?
    private var received = 0
    /// The longest chunk-size line (with extensions) or trailer section accepted.
    private static let maxLineLength = 4096

    init(framing: BodyFraming, maxSize: Int?) throws(HTTP1Error) {
        self.maxSize = maxSize
        switch framing {
        case .none: self.state = .done
        case .length(let length):
            if let maxSize, length > maxSize {
                throw HTTP1Error(.contentTooLarge, "The request body (\(length) bytes) is larger than \(maxSize) bytes")
            }
            self.state = .length(remaining: length)
        case .chunked: self.state = .chunkSize
        }
    }

    /// Whether the whole body has been read.
    var isDone: Bool {
        if case .done = self.state { return true }
        return false
    }

    /// Takes the next piece of body from `buffer`: a slice of it (possibly empty when only
    /// framing was consumed), or `nil` when `buffer` holds nothing usable yet.
    mutating func next(from buffer: inout ByteBuffer) throws(HTTP1Error) -> ByteBuffer? {
        while true {
            switch self.state {
            case .done:
                return ByteBuffer()
            case .length(let remaining):
                guard buffer.readableBytes > 0 else { return nil }
                let piece = buffer.readSlice(length: min(remaining, buffer.readableBytes))!
                self.state = remaining == piece.readableBytes ? .done : .length(remaining: remaining - piece.readableBytes)
                return piece
            case .chunkSize:
                guard let line = try Self.readLine(&buffer) else { return nil }
                let size = try Self.parseChunkSize(line)
                if size == 0 {
                    self.state = .trailers(size: 0)
                } else {
                    try self.count(size)
                    self.state = .chunkData(remaining: size)
                }
            case .chunkData(let remaining):
                guard buffer.readableBytes > 0 else { return nil }
                let piece = buffer.readSlice(length: min(remaining, buffer.readableBytes))!
                self.state = remaining == piece.readableBytes ? .chunkEnd : .chunkData(remaining: remaining - piece.readableBytes)
                return piece
            case .chunkEnd:
                guard let line = try Self.readLine(&buffer) else { return nil }
                guard line.readableBytes == 0 else { throw .badRequest("Chunk data longer than its size") }
                self.state = .chunkSize
            case .trailers(let size):
                guard let line = try Self.readLine(&buffer) else { return nil }
                let total = size + line.readableBytes + 2
                if total > Self.maxLineLength { throw HTTP1Error(.requestHeaderFieldsTooLarge, "The trailer section is too large") }
                if line.readableBytes == 0 {
                    self.state = .done
                    return ByteBuffer()
                }
                if line.readableBytesView.contains(where: \.isForbiddenInFieldValue) || !line.readableBytesView.contains(.colon) {
                    throw .badRequest("Malformed trailer field")
                }
                self.state = .trailers(size: total)
            }
        }
    }

    private mutating func count(_ size: Int) throws(HTTP1Error) {
        self.received += size
        if let maxSize = self.maxSize, self.received > maxSize {
            throw HTTP1Error(.contentTooLarge, "The request body is larger than \(maxSize) bytes")
        }
    }

    /// One line without its CR LF (or bare LF); `nil` when the line is not complete yet.
    private static func readLine(_ buffer: inout ByteBuffer) throws(HTTP1Error) -> ByteBuffer? {
        guard let lf = buffer.readableBytesView.firstIndex(of: .lf) else {
            if buffer.readableBytes > maxLineLength { throw .badRequest("Chunk framing line too long") }
            return nil
        }
        var line = buffer.readSlice(length: lf - buffer.readerIndex)!
        buffer.moveReaderIndex(forwardBy: 1)
        if line.readableBytes > 0, line.getInteger(at: line.writerIndex - 1, as: UInt8.self) == .cr {
            line.moveWriterIndex(to: line.writerIndex - 1)
        }
        if line.readableBytesView.contains(.cr) { throw .badRequest("Bare CR in chunk framing") }
        return line
    }

    /// `1*HEXDIG [ ; extensions ]`, at most 16 hex digits.
    private static func parseChunkSize(_ line: ByteBuffer) throws(HTTP1Error) -> Int {
        var size = 0
        var digits = 0
        for byte in line.readableBytesView {
            let value: Int
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = Int(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = Int(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = Int(byte - UInt8(ascii: "A") + 10)
            case UInt8(ascii: ";"), .space, .tab:
                guard digits > 0 else { throw .badRequest("Malformed chunk size") }
                return size
            default:
                throw .badRequest("Malformed chunk size")
            }
            digits += 1
            guard digits <= 15 else { throw .badRequest("Chunk size too large") }
            size = size << 4 | value
        }
        guard digits > 0 else { throw .badRequest("Malformed chunk size") }
        return size
    }
}
