extension ParamValue {
    /// The JSON document in `bytes` (RFC 8259), read by hand rather than through `JSONDecoder`
    /// so that objects keep their keys in order and numbers their digits. Strings with invalid
    /// UTF-8 get U+FFFD; a key given twice keeps its first place and its last value; nesting
    /// deeper than ``StructuredParams/maximumDepth`` is an error.
    init(json bytes: [UInt8]) throws(JSONSyntaxError) {
        var reader = JSONReader(bytes: bytes)
        self = try reader.document()
    }
}

/// Why a body is not JSON, and where.
struct JSONSyntaxError: Error, CustomStringConvertible {
    let reason: String
    let offset: Int

    var description: String { "\(self.reason) at byte \(self.offset)" }
}

private struct JSONReader {
    let bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func document() throws(JSONSyntaxError) -> ParamValue {
        let value = try self.value(depth: 0)
        self.skipSpace()
        guard self.position == self.bytes.count else { throw self.unexpected() }
        return value
    }

    private var next: UInt8? { self.position < self.bytes.count ? self.bytes[self.position] : nil }

    private mutating func value(depth: Int) throws(JSONSyntaxError) -> ParamValue {
        self.skipSpace()
        guard let byte = self.next else { throw self.unexpected() }
        switch byte {
        case UInt8(ascii: "{"): return try self.object(depth: depth + 1)
        case UInt8(ascii: "["): return try self.list(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try self.string())
        case UInt8(ascii: "t"): return try self.literal("true", .bool(true))
        case UInt8(ascii: "f"): return try self.literal("false", .bool(false))
        case UInt8(ascii: "n"): return try self.literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try self.number())
        default: throw self.unexpected()
        }
    }

    private mutating func object(depth: Int) throws(JSONSyntaxError) -> ParamValue {
        try self.checkDepth(depth)
        self.position += 1
        var object = ParamObject()
        self.skipSpace()
        if self.next == UInt8(ascii: "}") {
            self.position += 1
            return .object(object)
        }
        while true {
            self.skipSpace()
            guard self.next == UInt8(ascii: "\"") else { throw self.unexpected() }
            let key = try self.string()
            try self.expect(UInt8(ascii: ":"))
            object[key] = try self.value(depth: depth)
            if try self.endOfMembers(closing: UInt8(ascii: "}")) { return .object(object) }
        }
    }

    private mutating func list(depth: Int) throws(JSONSyntaxError) -> ParamValue {
        try self.checkDepth(depth)
        self.position += 1
        var elements: [ParamValue] = []
        self.skipSpace()
        if self.next == UInt8(ascii: "]") {
            self.position += 1
            return .list(elements)
        }
        while true {
            elements.append(try self.value(depth: depth))
            if try self.endOfMembers(closing: UInt8(ascii: "]")) { return .list(elements) }
        }
    }

    /// After a member: `true` past the closing bracket, `false` past a comma.
    private mutating func endOfMembers(closing: UInt8) throws(JSONSyntaxError) -> Bool {
        self.skipSpace()
        switch self.next {
        case closing:
            self.position += 1
            return true
        case UInt8(ascii: ","):
            self.position += 1
            return false
        default:
            throw self.unexpected()
        }
    }

    private mutating func string() throws(JSONSyntaxError) -> String {
        self.position += 1   // the opening quote
        var utf8: [UInt8] = []
        while let byte = self.next {
            self.position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try self.escape(into: &utf8)
            case 0..<0x20:
                self.position -= 1
                throw self.unexpected()
            default:
                utf8.append(byte)
            }
        }
        throw self.unexpected()
    }

    /// The character an escape stands for (after its backslash), as UTF-8.
    private mutating func escape(into utf8: inout [UInt8]) throws(JSONSyntaxError) {
        guard let byte = self.next else { throw self.unexpected() }
        self.position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(byte)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
            var code = try self.hex4()
            // A high surrogate takes the low one of its pair; a lone surrogate is U+FFFD.
            if (0xD800..<0xDC00).contains(code), self.bytes[self.position...].starts(with: Array("\\u".utf8)) {
                let mark = self.position
                self.position += 2
                let low = try self.hex4()
                if (0xDC00..<0xE000).contains(low) {
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    self.position = mark
                }
            }
            utf8.append(contentsOf: String(Unicode.Scalar(code) ?? "\u{FFFD}").utf8)
        default:
            self.position -= 1
            throw self.unexpected()
        }
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        let end = self.position + 4
        guard end <= self.bytes.count, self.bytes[self.position..<end].allSatisfy({ Character(Unicode.Scalar($0)).isHexDigit }),
            let code = UInt32(String(decoding: self.bytes[self.position..<end], as: UTF8.self), radix: 16)
        else { throw self.unexpected() }
        self.position += 4
        return code
    }

    /// A number's text, checked against the grammar: `-`, digits without a leading zero, an
    /// optional fraction, an optional exponent.
    private mutating func number() throws(JSONSyntaxError) -> String {
        let start = self.position
        if self.next == UInt8(ascii: "-") { self.position += 1 }
        if self.next == UInt8(ascii: "0") {
            self.position += 1
        } else {
            try self.digits()
        }
        if self.next == UInt8(ascii: ".") {
            self.position += 1
            try self.digits()
        }
        if self.next == UInt8(ascii: "e") || self.next == UInt8(ascii: "E") {
            self.position += 1
            if self.next == UInt8(ascii: "+") || self.next == UInt8(ascii: "-") { self.position += 1 }
            try self.digits()
        }
        return String(decoding: self.bytes[start..<self.position], as: UTF8.self)
    }

    /// One or more decimal digits.
    private mutating func digits() throws(JSONSyntaxError) {
        let start = self.position
        while let byte = self.next, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { self.position += 1 }
        guard self.position > start else { throw self.unexpected() }
    }

    private mutating func literal(_ word: String, _ value: ParamValue) throws(JSONSyntaxError) -> ParamValue {
        guard self.bytes[self.position...].starts(with: word.utf8) else { throw self.unexpected() }
        self.position += word.utf8.count
        return value
    }

    private mutating func expect(_ byte: UInt8) throws(JSONSyntaxError) {
        self.skipSpace()
        guard self.next == byte else { throw self.unexpected() }
        self.position += 1
    }

    private mutating func skipSpace() {
        while let byte = self.next, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { self.position += 1 }
    }

    private func checkDepth(_ depth: Int) throws(JSONSyntaxError) {
        guard depth <= StructuredParams.maximumDepth else {
            throw JSONSyntaxError(reason: "nesting deeper than \(StructuredParams.maximumDepth) levels", offset: self.position)
        }
    }

    private func unexpected() -> JSONSyntaxError {
        guard let byte = self.next else { return JSONSyntaxError(reason: "unexpected end", offset: self.position) }
        let shown = (0x21..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
        return JSONSyntaxError(reason: "unexpected \(shown)", offset: self.position)
    }
}
