/// Percent-encoding as PAGI uses it: turning a `raw_path` into a `path`, and decoding
/// query and form components.
public enum PercentEncoding {
    /// The spec's `path` for a `raw_path`: percent-decoded, then decoded as UTF-8.
    ///
    /// When the decoded bytes are not valid UTF-8 the request does not fail: each byte becomes
    /// the character with the same number (ISO-8859-1). This is the Swift form of the spec's
    /// "fall back to the percent-decoded bytes". Note that a fallback path and a UTF-8 path can
    /// read the same (`/caf%E9` and `/caf%C3%A9` both give `/café`): code that must tell them
    /// apart, or wants strict UTF-8, decodes `raw_path` itself.
    /// A `%` not followed by two hex digits is kept as it is; `+` stays `+`.
    public static func decodePath(_ rawPath: ByteString) -> String {
        let needsDecoding = rawPath.containsByte { $0 == UInt8(ascii: "%") }
        guard needsDecoding else { return rawPath.text }
        let bytes = rawPath.withBytes { PercentEncoding.decode($0, plusAsSpace: false) }
        return bytes.withUnsafeBytes { String(decodingBytesLosslessly: $0) }
    }

    /// Decodes a query or form component: `%XX` becomes the byte, `+` a space; the result is
    /// UTF-8 where valid, otherwise ISO-8859-1.
    public static func decodeComponent(_ component: some StringProtocol) -> String {
        var component = String(component)
        let bytes = component.withUTF8 { PercentEncoding.decode(UnsafeRawBufferPointer($0), plusAsSpace: true) }
        return bytes.withUnsafeBytes { String(decodingBytesLosslessly: $0) }
    }

    /// Percent-decodes `bytes`. A `%` without two hex digits after it is kept literally.
    public static func decode(_ bytes: UnsafeRawBufferPointer, plusAsSpace: Bool) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(plusAsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        return output
    }

    /// Percent-encodes `path` for the wire: every byte outside RFC 3986's `pchar` and `/` is
    /// written as `%XX`.
    public static func encodePath(_ path: String) -> String {
        encode(path) { isUnreserved($0) || isSubDelimiter($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "@") || $0 == UInt8(ascii: "/") }
    }

    /// Percent-encodes a query or form component: only RFC 3986 unreserved bytes stay as they are.
    public static func encodeComponent(_ component: String) -> String {
        encode(component, keeping: isUnreserved)
    }

    /// Percent-encodes every byte of `string` for which `keep` is false.
    public static func encode(_ string: some StringProtocol, keeping keep: (UInt8) -> Bool) -> String {
        guard !string.utf8.allSatisfy(keep) else { return String(string) }
        var output = ""
        output.reserveCapacity(string.utf8.count * 3)
        let hexDigits = Array("0123456789ABCDEF".utf8)
        for byte in string.utf8 {
            if keep(byte) {
                output.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                output.unicodeScalars.append("%")
                output.unicodeScalars.append(Unicode.Scalar(hexDigits[Int(byte >> 4)]))
                output.unicodeScalars.append(Unicode.Scalar(hexDigits[Int(byte & 0xF)]))
            }
        }
        return output
    }

    /// Whether `byte` is an RFC 3986 unreserved character (letters, digits, `-._~`).
    public static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static func isSubDelimiter(_ byte: UInt8) -> Bool {
        "!$&'()*+,;=".utf8.contains(byte)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
