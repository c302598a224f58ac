package import PAGI

/// Comma-separated header lists (`Connection`, `Upgrade`, `Accept`, `Expect`), read as bytes.
package enum HeaderList {
    /// Whether the comma-separated list `value` has an element equal to `token` (lower-case
    /// ASCII), ignoring ASCII case and the spaces and tabs around it, and with
    /// `ignoringParameters` whatever follows its first `;`. Works on the bytes: these lists are
    /// checked on every request.
    package static func contains(_ value: ByteString, _ token: StaticString, ignoringParameters: Bool = false) -> Bool {
        value.withBytes { bytes in
            let wanted = UnsafeRawBufferPointer(start: token.utf8Start, count: token.utf8CodeUnitCount)
            var elementStart = 0
            while elementStart <= bytes.count {
                var elementEnd = elementStart
                while elementEnd < bytes.count && bytes[elementEnd] != UInt8(ascii: ",") { elementEnd += 1 }
                var end = elementEnd
                if ignoringParameters, let semicolon = bytes[elementStart..<elementEnd].firstIndex(of: UInt8(ascii: ";")) {
                    end = semicolon
                }
                var start = elementStart
                while start < end && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1 }
                while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
                if end - start == wanted.count
                    && zip(bytes[start..<end], wanted).allSatisfy({ pair in
                        let byte = pair.0 >= UInt8(ascii: "A") && pair.0 <= UInt8(ascii: "Z") ? pair.0 | 0x20 : pair.0
                        return byte == pair.1
                    })
                {
                    return true
                }
                elementStart = elementEnd + 1
            }
            return false
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        let trimmed = self.drop { $0 == " " || $0 == "\t" }
        var end = trimmed.endIndex
        while end > trimmed.startIndex, trimmed[trimmed.index(before: end)] == " " || trimmed[trimmed.index(before: end)] == "\t" {
            end = trimmed.index(before: end)
        }
        return Substring(trimmed[..<end])
    }
}
