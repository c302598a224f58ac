import NIOCore
import PAGI

/// Parses HTTP/1.0 and 1.1 request heads from the bytes of a connection, strictly where
/// request smuggling hides and leniently where real clients are merely sloppy.
///
/// Written here rather than taken from NIOHTTP1 because PAGI needs what that decoder does not
/// give: header values and the request target as the raw bytes received (NIOHTTP1 decodes
/// them as UTF-8, replacing what is not), separate limits for the request line (414) and the
/// header section (431), and a scope built straight from the read buffer without copies.
///
/// Rejected (with the status the server answers): a request line over the limit (414); a
/// header section over the size or count limit (431); a malformed request line, method or
/// target, obsolete line folding, whitespace before a colon, a control character in a field,
/// a missing or repeated `Host` on HTTP/1.1, `Content-Length` with `Transfer-Encoding`, a
/// repeated or malformed `Content-Length`, `chunked` not last (400); an unknown transfer
/// coding or `CONNECT` (501); another HTTP version (505); an `Expect` other than
/// `100-continue` (417). Accepted: bare LF line ends, empty lines before the request line,
/// bytes above 0x7F in the target and in field values.
package struct HTTP1HeadParser {
    struct Limits: Sendable {
        var maxRequestLine = 8192
        var maxHeaderSize = 16_384
        var maxHeaderCount = 100
    }

    let limits: Limits
    /// Bytes already searched for the end of the head, from the buffer's reader index.
    private var scanned = 0

    init(limits: Limits) {
        self.limits = limits
    }

    /// Parses a head from the start of `buffer` and moves the reader index past it; returns
    /// `nil` (consuming at most leading empty lines) when more bytes are needed.
    mutating func parse(_ buffer: inout ByteBuffer) throws(HTTP1Error) -> RequestHead? {
        // Empty lines before a request line are skipped, even when their CR and LF arrived
        // in separate reads.
        let start = buffer.readerIndex
        Self.skipLeadingEmptyLines(&buffer)
        if buffer.readerIndex != start { self.scanned = 0 }
        guard let ends = try self.findHeadEnd(buffer) else { return nil }
        self.scanned = 0
        let head = buffer.readSlice(length: ends.head)!
        return try Self.parseHead(head, requestLineEnd: ends.requestLine, limits: self.limits)
    }

    /// Resets the parser for a new connection or after an error.
    mutating func reset() { self.scanned = 0 }

    // MARK: - Finding the head

    private static func skipLeadingEmptyLines(_ buffer: inout ByteBuffer) {
        while let byte = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) {
            if byte == .lf {
                buffer.moveReaderIndex(forwardBy: 1)
            } else if byte == .cr, buffer.getInteger(at: buffer.readerIndex + 1, as: UInt8.self) == .lf {
                buffer.moveReaderIndex(forwardBy: 2)
            } else {
                return
            }
        }
    }

    /// The length of the request line (up to its LF) and of the whole head (through the LF
    /// of the empty line), or `nil` when the head is not complete yet.
    private mutating func findHeadEnd(_ buffer: ByteBuffer) throws(HTTP1Error) -> (requestLine: Int, head: Int)? {
        let limits = self.limits
        let start = self.scanned
        let found: (requestLine: Int?, head: Int?, scanned: Int) = buffer.withUnsafeReadableBytes { bytes in
            guard let requestLineLF = bytes.firstIndex(of: .lf) else { return (nil, nil, bytes.count) }
            var lineStart = requestLineLF + 1
            var index = max(start, lineStart)
            // Resume at the start of the line that was incomplete last time.
            if start > lineStart, let previousLF = bytes[lineStart..<start].lastIndex(of: .lf) {
                lineStart = previousLF + 1
            }
            while index < bytes.count {
                if bytes[index] == .lf {
                    let lineLength = index - lineStart
                    if lineLength == 0 || (lineLength == 1 && bytes[lineStart] == .cr) {
                        return (requestLineLF, index + 1, index + 1)
                    }
                    lineStart = index + 1
                }
                index += 1
            }
            return (requestLineLF, nil, bytes.count)
        }
        self.scanned = found.scanned
        guard let requestLine = found.requestLine else {
            if found.scanned > limits.maxRequestLine + 1 { throw HTTP1Error(.uriTooLong, "The request line is longer than \(limits.maxRequestLine) bytes") }
            return nil
        }
        // The line may end in CR LF or a bare LF; the limit counts neither.
        if requestLine > limits.maxRequestLine + 1 {
            throw HTTP1Error(.uriTooLong, "The request line is longer than \(limits.maxRequestLine) bytes")
        }
        let headerBytes = (found.head ?? found.scanned) - (requestLine + 1)
        if headerBytes > limits.maxHeaderSize {
            throw HTTP1Error(.requestHeaderFieldsTooLarge, "The header section is larger than \(limits.maxHeaderSize) bytes")
        }
        guard let head = found.head else { return nil }
        return (requestLine + 1, head)
    }
}

extension UInt8 {
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let colon = UInt8(ascii: ":")

    /// Whether the byte may not appear in a field value: a control other than tab, or DEL.
    var isForbiddenInFieldValue: Bool { (self < 0x20 && self != .tab) || self == 0x7F }
}
