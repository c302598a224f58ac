public import NIOCore

/// An incremental `multipart/form-data` parser (RFC 7578, RFC 2046): fed the body in pieces
/// of any size, it reports each part's head, its body in pieces, and its end. A part's body is
/// passed on as it arrives (holding back at most a delimiter's length), so a file is never
/// held whole.
///
/// ```swift
/// var parser = MultipartParser(boundary: try MultipartParser.boundary(contentType: context.headers[.contentType]))
/// for try await piece in try context.bodyStream() {
///     for event in try parser.feed(piece) {
///         switch event {
///         case .head(let head): ...        // a new part: head.name, head.filename
///         case .body(let bytes): ...       // the next bytes of its body
///         case .end: ...                   // the part is complete
///         }
///     }
/// }
/// try parser.finish()
/// ```
///
/// The preamble and the epilogue are ignored. Errors are 400 ``HTTPError``s saying what is
/// wrong with the body.
public struct MultipartParser: Sendable {
    /// What the parser found in the bytes fed to it.
    public enum Event: Sendable {
        /// A part begins.
        case head(MultipartPartHead)
        /// The next bytes of the current part's body.
        case body(ByteBuffer)
        /// The current part is complete.
        case end
    }

    private enum State {
        case preamble, headers, body, epilogue
    }

    /// A delimiter's bytes: `CRLF--boundary`.
    let delimiter: [UInt8]
    private let maxHeaderSize: Int
    private var state = State.preamble
    /// What is fed but not yet consumed. It starts with a CRLF so that a delimiter at the very
    /// start of the body is found like any other.
    private(set) var pending = ByteBuffer(string: "\r\n")
    /// How many bytes of a part's header block were already searched for its end.
    private var searchedHeaderBytes = 0

    /// A parser for the parts between `boundary` delimiters (the boundary as the content type's
    /// parameter gives it, see ``boundary(contentType:)``); a part's header block may have up to
    /// `maxHeaderSize` bytes.
    public init(boundary: String, maxHeaderSize: Int = MultipartLimits().maxHeaderSize) {
        self.delimiter = Array("\r\n--\(boundary)".utf8)
        self.maxHeaderSize = maxHeaderSize
    }

    /// Parses `piece`, the next bytes of the body.
    ///
    /// - Returns: what it completed, in order; a part's body may come in several `.body` events.
    public mutating func feed(_ piece: ByteBuffer) throws(HTTPError) -> [Event] {
        if self.pending.readableBytes == 0 {
            self.pending = piece
        } else {
            self.pending.writeImmutableBuffer(piece)
        }
        var events: [Event] = []
        var progressing = true
        while progressing {
            switch self.state {
            case .preamble: progressing = self.skipPreamble()
            case .headers: progressing = try self.readHead(into: &events)
            case .body: progressing = self.readBody(into: &events)
            case .epilogue:
                self.pending.moveReaderIndex(to: self.pending.writerIndex)
                progressing = false
            }
        }
        self.compact()
        return events
    }

    /// Checks, at the end of the body, that the closing delimiter was seen: 400 otherwise.
    public func finish() throws(HTTPError) {
        switch self.state {
        case .epilogue: return
        case .preamble: throw HTTPError(.badRequest, "The multipart body has no boundary delimiter")
        case .headers, .body: throw HTTPError(.badRequest, "The multipart body ends before its closing boundary")
        }
    }

    private mutating func skipPreamble() -> Bool {
        switch self.findDelimiter() {
        case .notFound(let end), .partial(let end):
            self.pending.moveReaderIndex(forwardBy: end)
            return false
        case .next(_, let after):
            self.pending.moveReaderIndex(forwardBy: after)
            self.state = .headers
            self.searchedHeaderBytes = 0
        case .close(_, let after):
            self.pending.moveReaderIndex(forwardBy: after)
            self.state = .epilogue
        }
        return true
    }

    private mutating func readBody(into events: inout [Event]) -> Bool {
        let match = self.findDelimiter()
        let dataEnd: Int
        switch match {
        case .notFound(let end), .partial(let end), .next(let end, _), .close(let end, _): dataEnd = end
        }
        if dataEnd > 0, let data = self.pending.readSlice(length: dataEnd) {
            events.append(.body(data))
        }
        switch match {
        case .notFound, .partial:
            return false
        case .next(let at, let after):
            self.pending.moveReaderIndex(forwardBy: after - at)
            self.state = .headers
            self.searchedHeaderBytes = 0
        case .close(let at, let after):
            self.pending.moveReaderIndex(forwardBy: after - at)
            self.state = .epilogue
        }
        events.append(.end)
        return true
    }

    private mutating func readHead(into events: inout [Event]) throws(HTTPError) -> Bool {
        let view = self.pending.readableBytesView
        if view.starts(with: Self.blankLine.prefix(2)) {
            throw HTTPError(.badRequest, "A multipart part has no Content-Disposition header")
        }
        // Search again from just before what was searched already: the blank line may straddle.
        let from = view.index(view.startIndex, offsetBy: max(0, self.searchedHeaderBytes - 3))
        guard let end = view[from...].firstRange(of: Self.blankLine) else {
            guard view.count <= self.maxHeaderSize else { throw self.headerTooLong }
            self.searchedHeaderBytes = view.count
            return false
        }
        guard end.upperBound - view.startIndex <= self.maxHeaderSize else { throw self.headerTooLong }
        let head = try MultipartPartHead(parsing: ArraySlice(view[..<end.lowerBound]))
        self.pending.moveReaderIndex(to: end.upperBound)
        self.state = .body
        events.append(.head(head))
        return true
    }

    /// CRLF CRLF: the end of a part's header block.
    private static let blankLine: [UInt8] = Array("\r\n\r\n".utf8)

    private var headerTooLong: HTTPError {
        HTTPError(.badRequest, "A multipart part's headers are over maxHeaderSize (\(self.maxHeaderSize) bytes)")
    }

    /// Drops consumed bytes once they outweigh the rest, so that memory stays bounded and
    /// each byte is copied a bounded number of times.
    private mutating func compact() {
        if self.pending.readableBytes == 0 {
            self.pending = ByteBuffer()
        } else if self.pending.readerIndex > self.pending.readableBytes {
            self.pending = ByteBuffer(bytes: self.pending.readableBytesView)
        }
    }
}
