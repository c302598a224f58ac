import PAGI

/// A header value of the form `value; name=token; name="quoted string"` (`Content-Type`,
/// `Content-Disposition`), split into its leading value and its parameters.
struct HeaderParameters {
    /// The text before the first `;`, trimmed.
    let value: String
    /// The parameters in order: names lower-cased, values unquoted.
    let parameters: [(name: String, value: String)]

    init(_ text: String) {
        let bytes = Array(text.utf8)
        var index = 0
        self.value = Self.token(bytes, &index)
        var parameters: [(String, String)] = []
        while index < bytes.count {
            index += 1  // the `;`
            let name = Self.token(bytes, &index, stoppingAt: UInt8(ascii: "="))
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { continue }
            index += 1
            Self.skipSpace(bytes, &index)
            let value = index < bytes.count && bytes[index] == UInt8(ascii: "\"") ? Self.quoted(bytes, &index) : Self.token(bytes, &index)
            if !name.isEmpty { parameters.append((HeaderName(name).rawValue, value)) }
        }
        self.parameters = parameters
    }

    /// The first value of the parameter `name` (lower-case).
    subscript(_ name: String) -> String? {
        self.parameters.first { $0.name == name }?.value
    }

    /// The RFC 8187 (formerly 5987) extended parameter `name*` (`UTF-8''caf%C3%A9.txt`)
    /// decoded; `nil` when absent or in a charset other than UTF-8 and ISO-8859-1.
    func extended(_ name: String) -> String? {
        guard let raw = self[name + "*"] else { return nil }
        let parts = raw.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        let bytes = Array(parts[2].utf8).withUnsafeBytes { PercentEncoding.decode($0, plusAsSpace: false) }
        switch parts[0].lowercased() {
        case "utf-8": return String(decoding: bytes, as: UTF8.self)
        case "iso-8859-1": return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        default: return nil
        }
    }

    /// The text up to `;` (or `stop`), trimmed; `index` ends on the stopping byte.
    private static func token(_ bytes: [UInt8], _ index: inout Int, stoppingAt stop: UInt8? = nil) -> String {
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: ";"), bytes[index] != stop { index += 1 }
        return Self.trimmed(bytes[start..<index])
    }

    /// A quoted string from its opening quote; `index` ends after it, on the next `;`. A
    /// backslash escapes only `"` and `\`: browsers send Windows paths (`C:\dir\a.txt`)
    /// with their backslashes unescaped, and these must survive.
    private static func quoted(_ bytes: [UInt8], _ index: inout Int) -> String {
        var value: [UInt8] = []
        index += 1
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") || bytes[index + 1] == UInt8(ascii: "\\") {
                index += 1
            }
            value.append(bytes[index])
            index += 1
        }
        while index < bytes.count, bytes[index] != UInt8(ascii: ";") { index += 1 }
        return String(decoding: value, as: UTF8.self)
    }

    private static func skipSpace(_ bytes: [UInt8], _ index: inout Int) {
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
    }

    /// `bytes` as UTF-8 text, without surrounding spaces and tabs.
    static func trimmed(_ bytes: ArraySlice<UInt8>) -> String {
        let isSpace = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
