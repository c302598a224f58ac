extension MultipartParser {
    /// Where the next delimiter is in the pending bytes; offsets count from the reader index.
    enum DelimiterMatch {
        /// No delimiter starts before `end`, and nothing from there on can start one.
        case notFound(end: Int)
        /// One may start at `at`: more bytes will tell.
        case partial(at: Int)
        /// A delimiter at `at`, followed by another part from `after` on.
        case next(at: Int, after: Int)
        /// The closing delimiter at `at`; the epilogue starts at `after`.
        case close(at: Int, after: Int)
    }

    /// The most spaces and tabs (RFC 2046's transport padding) allowed between a delimiter and
    /// its line end: beyond it the bytes are taken as data.
    private static let maxPadding = 64

    /// Finds the first delimiter in the pending bytes: `CRLF--boundary`, then `--`, or
    /// optional padding and CRLF. Boundary-like text followed by anything else is part of the
    /// data, not an error.
    func findDelimiter() -> DelimiterMatch {
        self.pending.withUnsafeReadableBytes { bytes in
            var index = 0
            while let start = bytes[index...].firstIndex(of: UInt8(ascii: "\r")) {
                let available = min(self.delimiter.count, bytes.count - start)
                guard bytes[start..<start + available].elementsEqual(self.delimiter[..<available]) else {
                    index = start + 1
                    continue
                }
                guard available == self.delimiter.count else { return .partial(at: start) }
                switch Self.delimiterEnd(bytes, after: start + available) {
                case .needMore: return .partial(at: start)
                case .data: index = start + 1
                case .next(let after): return .next(at: start, after: after)
                case .close(let after): return .close(at: start, after: after)
                }
            }
            return .notFound(end: bytes.count)
        }
    }

    private enum DelimiterEnd {
        case needMore, data
        case next(after: Int)
        case close(after: Int)
    }

    /// What follows the boundary that ends at `start`.
    private static func delimiterEnd(_ bytes: UnsafeRawBufferPointer, after start: Int) -> DelimiterEnd {
        guard start < bytes.count else { return .needMore }
        if bytes[start] == UInt8(ascii: "-") {
            guard start + 1 < bytes.count else { return .needMore }
            return bytes[start + 1] == UInt8(ascii: "-") ? .close(after: start + 2) : .data
        }
        var index = start
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") {
            index += 1
            if index - start > Self.maxPadding { return .data }
        }
        guard index + 1 < bytes.count else {
            return index == bytes.count || bytes[index] == UInt8(ascii: "\r") ? .needMore : .data
        }
        return bytes[index] == UInt8(ascii: "\r") && bytes[index + 1] == UInt8(ascii: "\n") ? .next(after: index + 2) : .data
    }
}
