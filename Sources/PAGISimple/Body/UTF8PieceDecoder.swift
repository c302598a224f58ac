import NIOCore

/// Decodes UTF-8 that arrives in pieces: a character split between two pieces is held back
/// until the rest of it arrives, so the text is the same as decoding the whole at once.
struct UTF8PieceDecoder {
    /// Whether invalid UTF-8 is an error (400) rather than U+FFFD.
    let strict: Bool
    /// The start of a character whose remaining bytes are in the next piece (at most 3 bytes).
    private var pending = ByteBuffer()

    init(strict: Bool) {
        self.strict = strict
    }

    /// The text of `piece` (with what was held back before it), without a trailing incomplete
    /// character.
    mutating func decode(_ piece: ByteBuffer) throws(HTTPError) -> String {
        var data = piece
        if self.pending.readableBytes > 0 {
            self.pending.writeImmutableBuffer(piece)
            data = self.pending
        }
        let (text, rest) = data.withUnsafeReadableBytes { bytes in
            let cut = Self.completeLength(bytes)
            return (self.text(UnsafeRawBufferPointer(rebasing: bytes[..<cut])), ByteBuffer(bytes: bytes[cut...]))
        }
        self.pending = rest
        guard let text else { throw Self.invalid }
        return text
    }

    /// The text of what is still held back at the end of the input: U+FFFD for a truncated
    /// character, or a 400 in strict mode.
    mutating func finish() throws(HTTPError) -> String {
        defer { self.pending = ByteBuffer() }
        guard self.pending.readableBytes > 0 else { return "" }
        guard !self.strict else { throw HTTPError(.badRequest, "The request body ends in the middle of a UTF-8 character") }
        return String(buffer: self.pending)
    }

    private static let invalid = HTTPError(.badRequest, "The request body is not valid UTF-8")

    private func text(_ bytes: UnsafeRawBufferPointer) -> String? {
        self.strict ? String(validating: bytes, as: UTF8.self) : String(decoding: bytes, as: UTF8.self)
    }

    /// The length of `bytes` without a trailing sequence that is an incomplete but so far valid
    /// UTF-8 character. Cutting only there keeps U+FFFD replacement identical to decoding the
    /// whole: a lead byte never continues an earlier sequence, so the decoder starts afresh at it.
    static func completeLength(_ bytes: UnsafeRawBufferPointer) -> Int {
        let count = bytes.count
        var start = count
        while start > 0, count - start < 3 {
            start -= 1
            let lead = bytes[start]
            guard lead & 0xC0 == 0x80 else {
                let have = count - start
                guard Self.sequenceLength(lead) > have else { return count }
                if have >= 2, !Self.isValidSecond(bytes[start + 1], after: lead) { return count }
                return start
            }
        }
        return count
    }

    /// The length of the sequence `lead` starts; 0 for a byte that cannot start one.
    private static func sequenceLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: return 2
        case 0xE0...0xEF: return 3
        case 0xF0...0xF4: return 4
        default: return 0
        }
    }

    /// Whether `byte` may follow `lead` (which excludes overlong forms, surrogates and code
    /// points above U+10FFFF).
    private static func isValidSecond(_ byte: UInt8, after lead: UInt8) -> Bool {
        switch lead {
        case 0xE0: return (0xA0...0xBF).contains(byte)
        case 0xED: return (0x80...0x9F).contains(byte)
        case 0xF0: return (0x90...0xBF).contains(byte)
        case 0xF4: return (0x80...0x8F).contains(byte)
        default: return (0x80...0xBF).contains(byte)
        }
    }
}
