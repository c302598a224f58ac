public import PAGI

/// The headers of one part of a `multipart/form-data` body, with what its
/// `Content-Disposition` says.
public struct MultipartPartHead: Sendable {
    /// The part's header fields (names lower-cased).
    public let headers: Headers
    /// The form field's name (`name=`).
    public let name: String
    /// The file name the client sent (`filename*=` in preference to `filename=`), or `nil`
    /// for a part that is not a file.
    public let filename: String?
    /// The part's `Content-Type`, or `nil` when it has none.
    public let contentType: String?

    init(headers: Headers, name: String, filename: String?, contentType: String?) {
        self.headers = headers
        self.name = name
        self.filename = filename
        self.contentType = contentType
    }

    /// Parses a part's header block (the lines before the blank line, without it): 400 for a
    /// malformed line, or a `Content-Disposition` that is missing, not `form-data`, or without
    /// a `name`.
    init(parsing block: ArraySlice<UInt8>) throws(HTTPError) {
        var fields: [(name: String, value: String)] = []
        for line in Self.lines(block) where !line.isEmpty {
            if line.first == UInt8(ascii: " ") || line.first == UInt8(ascii: "\t"), !fields.isEmpty {
                // An obsolete folded line continues the previous field.
                let previous = fields[fields.count - 1].value
                let continuation = HeaderParameters.trimmed(line)
                fields[fields.count - 1].value = previous.isEmpty ? continuation : previous + " " + continuation
                continue
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon != line.startIndex else {
                throw HTTPError(.badRequest, "A multipart part has a malformed header line")
            }
            fields.append((HeaderParameters.trimmed(line[..<colon]), HeaderParameters.trimmed(line[line.index(after: colon)...])))
        }
        let headers = Headers(fields.map { ($0.name, $0.value) })
        guard let disposition = headers[HeaderName("content-disposition")] else {
            throw HTTPError(.badRequest, "A multipart part has no Content-Disposition header")
        }
        let parsed = HeaderParameters(disposition)
        guard parsed.value.lowercased() == "form-data" else {
            throw HTTPError(.badRequest, "A multipart part's Content-Disposition is not form-data")
        }
        guard let name = parsed["name"] else {
            throw HTTPError(.badRequest, "A multipart part's Content-Disposition has no name")
        }
        self.init(headers: headers, name: name, filename: parsed.extended("filename") ?? parsed["filename"], contentType: headers[.contentType])
    }

    /// The CRLF-separated lines of `block`.
    private static func lines(_ block: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = block.startIndex
        var index = block.startIndex
        while index < block.endIndex {
            if block[index] == UInt8(ascii: "\r"), index + 1 < block.endIndex, block[index + 1] == UInt8(ascii: "\n") {
                lines.append(block[start..<index])
                start = index + 2
                index = start
            } else {
                index += 1
            }
        }
        lines.append(block[start...])
        return lines
    }
}
