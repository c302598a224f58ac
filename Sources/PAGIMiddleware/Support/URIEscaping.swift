import PAGI

/// Writing request targets into a `Location` header.
enum URIEscaping {
    /// `bytes` (a raw path or query as received) with every byte that may not appear in a URI
    /// written as `%XX`: controls, space, non-ASCII and `"<>\^`{|}`. A `%` is kept: the bytes
    /// are already percent-encoded.
    static func escapingUnsafeBytes(_ bytes: ByteString) -> String {
        bytes.withBytes { raw in
            if raw.allSatisfy(isSafe) { return String(decoding: raw, as: UTF8.self) }
            let hex = Array("0123456789ABCDEF".utf8)
            var output: [UInt8] = []
            output.reserveCapacity(raw.count * 3)
            for byte in raw {
                if isSafe(byte) {
                    output.append(byte)
                } else {
                    output += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
                }
            }
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// The request's path as a client sent it: `root_path` (encoded) then `raw_path`, then
    /// `?query` when there is one.
    static func target(of request: RequestScope) -> String {
        var target = PercentEncoding.encodePath(request.rootPath) + escapingUnsafeBytes(request.rawPath)
        if !request.queryString.isEmpty { target += "?" + escapingUnsafeBytes(request.queryString) }
        return target
    }

    private static func isSafe(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F && !"\"<>\\^`{|}".utf8.contains(byte)
    }
}
