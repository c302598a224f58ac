package import NIOCore
package import PAGI

extension HTTP1HeadParser {
    /// Parses a complete head: the request line (its first `requestLineEnd` bytes, LF
    /// included), then the header lines.
    static func parseHead(_ head: ByteBuffer, requestLineEnd: Int, limits: Limits) throws(HTTP1Error) -> RequestHead {
        var line = head.getSlice(at: head.readerIndex, length: requestLineEnd - 1)!
        Self.dropLineEnd(&line)
        let (method, version, rawPath, query) = try Self.parseRequestLine(line)
        var fields = FieldCollector(version: version)
        var offset = requestLineEnd
        let end = head.readableBytes
        var count = 0
        while offset < end {
            let lineLength = head.withUnsafeReadableBytes { bytes in bytes[offset..<end].firstIndex(of: .lf)! - offset }
            var line = head.getSlice(at: head.readerIndex + offset, length: lineLength)!
            offset += lineLength + 1
            Self.dropLineEnd(&line)
            if line.readableBytes == 0 { break }
            count += 1
            if count > limits.maxHeaderCount {
                throw HTTP1Error(.requestHeaderFieldsTooLarge, "More than \(limits.maxHeaderCount) header fields")
            }
            try fields.add(Self.parseField(line))
        }
        return try fields.makeHead(method: method, version: version, rawPath: rawPath, query: query)
    }

    /// Removes a trailing CR (the LF is already gone); a CR anywhere else is an error later.
    private static func dropLineEnd(_ line: inout ByteBuffer) {
        if line.readableBytes > 0, line.getInteger(at: line.writerIndex - 1, as: UInt8.self) == .cr {
            line.moveWriterIndex(to: line.writerIndex - 1)
        }
    }

    // MARK: - The request line

    private static func parseRequestLine(_ line: ByteBuffer) throws(HTTP1Error) -> (HTTPRequest.Method, HTTPVersion, ByteBuffer, ByteBuffer) {
        let spaces: (Int, Int)? = line.withUnsafeReadableBytes { bytes in
            guard let first = bytes.firstIndex(of: .space), let last = bytes.lastIndex(of: .space), first < last else { return nil }
            return (first, last)
        }
        guard let (firstSpace, lastSpace) = spaces else { throw .badRequest("Malformed request line") }
        let methodBytes = line.getSlice(at: line.readerIndex, length: firstSpace)!
        let target = line.getSlice(at: line.readerIndex + firstSpace + 1, length: lastSpace - firstSpace - 1)!
        let versionBytes = line.getSlice(at: line.readerIndex + lastSpace + 1, length: line.readableBytes - lastSpace - 1)!

        let version = try Self.parseVersion(versionBytes)
        let method = try Self.parseMethod(methodBytes)
        let (rawPath, query) = try Self.splitTarget(target, method: method)
        return (method, version, rawPath, query)
    }

    private static func parseVersion(_ bytes: ByteBuffer) throws(HTTP1Error) -> HTTPVersion {
        let view = bytes.readableBytesView
        if view.elementsEqual("HTTP/1.1".utf8) { return .http1_1 }
        if view.elementsEqual("HTTP/1.0".utf8) { return .http1_0 }
        let isVersion = view.count == 8 && view.starts(with: "HTTP/".utf8)
            && view.dropFirst(5).enumerated().allSatisfy { index, byte in index == 1 ? byte == UInt8(ascii: ".") : (byte >= 0x30 && byte <= 0x39) }
        if isVersion { throw HTTP1Error(.httpVersionNotSupported, "HTTP version \(String(buffer: bytes)) is not supported") }
        throw .badRequest("Malformed HTTP version")
    }

    private static let commonMethods: [HTTPRequest.Method] = [.get, .post, .head, .put, .delete, .options, .patch]

    private static func parseMethod(_ bytes: ByteBuffer) throws(HTTP1Error) -> HTTPRequest.Method {
        let view = bytes.readableBytesView
        for method in commonMethods where view.elementsEqual(method.rawValue.utf8) { return method }
        guard !view.isEmpty, view.allSatisfy(HeaderName.isTokenByte), let method = HTTPRequest.Method(String(buffer: bytes)) else {
            throw .badRequest("Malformed request method")
        }
        if method == .connect { throw HTTP1Error(.notImplemented, "CONNECT is not supported") }
        return method
    }

    /// The raw path and query of a request target: origin-form (`/a?b`), absolute-form
    /// (`http://host/a?b`) or asterisk-form (`*`, OPTIONS only).
    package static func splitTarget(_ target: ByteBuffer, method: HTTPRequest.Method) throws(HTTP1Error) -> (ByteBuffer, ByteBuffer) {
        guard let first = target.getInteger(at: target.readerIndex, as: UInt8.self) else {
            throw .badRequest("Empty request target")
        }
        if target.readableBytesView.contains(where: { $0 < 0x21 || $0 == 0x7F }) {
            throw .badRequest("Control character or space in the request target")
        }
        var path = target
        if first == UInt8(ascii: "*") {
            guard target.readableBytes == 1, method == .options else { throw .badRequest("Malformed request target") }
            return (target, ByteBuffer())
        } else if first != UInt8(ascii: "/") {
            // absolute-form: scheme "://" authority, then the path.
            let schemeEnd: Int? = target.withUnsafeReadableBytes { bytes in
                guard let colon = bytes.firstIndex(of: .colon), colon > 0,
                    bytes[..<colon].allSatisfy({ ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") }),
                    bytes.count > colon + 2, bytes[colon + 1] == UInt8(ascii: "/"), bytes[colon + 2] == UInt8(ascii: "/")
                else { return nil }
                return colon + 3
            }
            guard let schemeEnd else { throw .badRequest("Malformed request target") }
            path.moveReaderIndex(forwardBy: schemeEnd)
            let pathStart = path.readableBytesView.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }
            guard let pathStart else { return (ByteBuffer(string: "/"), ByteBuffer()) }
            path.moveReaderIndex(to: pathStart)
            if path.getInteger(at: path.readerIndex, as: UInt8.self) == UInt8(ascii: "?") {
                var query = path
                query.moveReaderIndex(forwardBy: 1)
                return (ByteBuffer(string: "/"), query)
            }
        }
        guard let mark = path.readableBytesView.firstIndex(of: UInt8(ascii: "?")) else { return (path, ByteBuffer()) }
        let rawPath = path.getSlice(at: path.readerIndex, length: mark - path.readerIndex)!
        let query = path.getSlice(at: mark + 1, length: path.writerIndex - mark - 1)!
        return (rawPath, query)
    }

    // MARK: - Header fields

    /// One `name: value` line: the name lower-cased, the value trimmed of spaces and tabs.
    private static func parseField(_ line: ByteBuffer) throws(HTTP1Error) -> Headers.Field {
        let first = line.getInteger(at: line.readerIndex, as: UInt8.self)!
        if first == .space || first == .tab { throw .badRequest("Obsolete line folding in the header section") }
        guard let colon = line.readableBytesView.firstIndex(of: .colon) else {
            throw .badRequest("Header line without a colon")
        }
        let nameLength = colon - line.readerIndex
        let nameBytes = line.readableBytesView.prefix(nameLength)
        guard nameLength > 0 else { throw .badRequest("Empty header name") }
        guard nameBytes.allSatisfy(HeaderName.isTokenByte) else {
            if nameBytes.last == .space || nameBytes.last == .tab { throw .badRequest("Whitespace before the colon of a header") }
            throw .badRequest("Invalid character in a header name")
        }
        var value = line.getSlice(at: colon + 1, length: line.writerIndex - colon - 1)!
        while let byte = value.getInteger(at: value.readerIndex, as: UInt8.self), byte == .space || byte == .tab {
            value.moveReaderIndex(forwardBy: 1)
        }
        while value.readableBytes > 0, let byte = value.getInteger(at: value.writerIndex - 1, as: UInt8.self), byte == .space || byte == .tab {
            value.moveWriterIndex(to: value.writerIndex - 1)
        }
        if value.readableBytesView.contains(where: \.isForbiddenInFieldValue) {
            throw .badRequest("Control character in a header value")
        }
        return Headers.Field(name: HeaderName(lowercasedASCII: nameBytes), value: ByteString(value))
    }
}

extension HeaderName {
    /// The name spelled by `bytes` (token bytes), lower-cased while copied.
    init(lowercasedASCII bytes: ByteBufferView) {
        self.init(String(unsafeUninitializedCapacity: bytes.count) { output in
            for (index, byte) in bytes.enumerated() {
                output[index] = (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) ? byte | 0x20 : byte
            }
            return bytes.count
        })
    }
}
