/// Reads the YAML that config files need: block mappings (nested by indentation), block
/// sequences (`- item`), flow sequences of scalars (`[a, b]`), plain, single-quoted and
/// double-quoted scalars, and comments. Anything else YAML has (anchors and aliases, tags,
/// block scalars `|` and `>`, flow mappings, several documents) is refused with its line
/// number.
///
/// Written here instead of taken from Yams because Yams needs all of Foundation, whose
/// CoreFoundation start-up and ICU data cost every server process about 5 MiB of resident
/// memory (measured with `pmap`, docs/performance.md), for a file read once.
struct ConfigYAML {
    private struct Line {
        let number: Int
        let indent: Int
        let text: Substring
    }

    private var lines: [Line] = []
    private var position = 0

    /// The document's top-level value.
    static func parse(_ text: String) throws(ConfigurationError) -> FileValue {
        var reader = ConfigYAML()
        try reader.split(text)
        guard !reader.lines.isEmpty else { return .table([:]) }
        let value = try reader.block(indent: reader.lines[0].indent)
        if reader.position < reader.lines.count {
            throw Self.error(reader.lines[reader.position].number, "unexpected indentation")
        }
        return value
    }

    private static func error(_ line: Int, _ message: String) -> ConfigurationError {
        ConfigurationError("line \(line): \(message)")
    }

    /// Splits the text into lines without comments or blank lines, with their indentation.
    private mutating func split(_ text: String) throws(ConfigurationError) {
        var number = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            let content = line.drop(while: { $0 == " " })
            if content.first == "\t" { throw Self.error(number, "indent with spaces, not tabs") }
            let text = try Self.withoutComment(content, line: number)
            if text.isEmpty { continue }
            if text == "---" && self.lines.isEmpty { continue }
            if text == "---" || text == "..." { throw Self.error(number, "one document only") }
            self.lines.append(Line(number: number, indent: line.count - content.count, text: text))
        }
    }

    /// The line up to a comment (`#` at its start or after a space, outside quotes), trimmed.
    private static func withoutComment(_ line: Substring, line number: Int) throws(ConfigurationError) -> Substring {
        var quote: Character?
        var previous: Character = " "
        var end = line.endIndex
        for index in line.indices {
            let character = line[index]
            if let open = quote {
                if character == open && !(open == "\"" && previous == "\\") { quote = nil }
            } else if character == "#" && (previous == " " || previous == "\t") {
                end = index
                break
            } else if (character == "\"" || character == "'") && (previous == " " || previous == ":" || previous == "[" || previous == "," || previous == "-" || index == line.startIndex) {
                quote = character
            }
            previous = (previous == "\\" && character == "\\") ? " " : character
        }
        var text = line[..<end]
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return text
    }

    /// The mapping or sequence whose lines start at `indent`.
    private mutating func block(indent: Int) throws(ConfigurationError) -> FileValue {
        let first = self.lines[self.position]
        if first.text == "-" || first.text.hasPrefix("- ") { return try self.sequence(indent: indent) }
        return try self.mapping(indent: indent)
    }

    private mutating func mapping(indent: Int) throws(ConfigurationError) -> FileValue {
        var table: [String: FileValue] = [:]
        while self.position < self.lines.count, self.lines[self.position].indent == indent {
            let line = self.lines[self.position]
            guard let (key, rest) = try Self.splitEntry(line.text, line: line.number) else {
                throw Self.error(line.number, "expected 'name: value'")
            }
            self.position += 1
            let value: FileValue
            if rest.isEmpty {
                if self.position < self.lines.count, self.lines[self.position].indent > indent
                    || (self.lines[self.position].indent == indent && self.lines[self.position].text.hasPrefix("- ")) {
                    value = try self.block(indent: self.lines[self.position].indent)
                } else {
                    value = .null
                }
            } else {
                value = try Self.inlineValue(rest, line: line.number)
            }
            guard table.updateValue(value, forKey: key) == nil else { throw Self.error(line.number, "'\(key)' appears twice") }
        }
        if self.position < self.lines.count, self.lines[self.position].indent > indent {
            throw Self.error(self.lines[self.position].number, "unexpected indentation")
        }
        return .table(table)
    }

    private mutating func sequence(indent: Int) throws(ConfigurationError) -> FileValue {
        var items: [String] = []
        while self.position < self.lines.count, self.lines[self.position].indent == indent {
            let line = self.lines[self.position]
            guard line.text == "-" || line.text.hasPrefix("- ") else { break }
            self.position += 1
            let item = line.text.dropFirst().drop(while: { $0 == " " })
            let isQuoted = item.first == "\"" || item.first == "'"
            var isEntry = false
            if !isQuoted { isEntry = try Self.splitEntry(item, line: line.number) != nil }
            guard !isEntry, case .scalar(let text) = try Self.inlineValue(item, line: line.number) else {
                throw Self.error(line.number, "a list item must be a single value")
            }
            items.append(text)
        }
        return .list(items)
    }

    /// `key: rest`, the key unquoted; `nil` when the line is not a mapping entry.
    private static func splitEntry(_ text: Substring, line: Int) throws(ConfigurationError) -> (String, Substring)? {
        if let quote = text.first, quote == "\"" || quote == "'" {
            let (key, after) = try Self.quoted(text, line: line)
            guard after.first == ":" else { return nil }
            return (key, after.dropFirst().drop(while: { $0 == " " }))
        }
        guard let colon = text.indices.first(where: { text[$0] == ":" && (text.index(after: $0) == text.endIndex || text[text.index(after: $0)] == " ") }) else {
            return nil
        }
        let key = text[..<colon]
        guard !key.isEmpty, !key.hasPrefix("- ") else { return nil }
        return (String(key), text[text.index(after: colon)...].drop(while: { $0 == " " }))
    }

    /// A value on the same line as its key or dash.
    private static func inlineValue(_ text: Substring, line: Int) throws(ConfigurationError) -> FileValue {
        guard let first = text.first else { return .null }
        switch first {
        case "[":
            return try Self.flowSequence(text, line: line)
        case "{":
            throw Self.error(line, "flow mappings ({...}) are not supported: write one 'name: value' per line")
        case "|", ">":
            throw Self.error(line, "block scalars (| and >) are not supported: write the value on one line")
        case "&", "*", "!":
            throw Self.error(line, "anchors, aliases and tags are not supported")
        case "\"", "'":
            let (value, after) = try Self.quoted(text, line: line)
            guard after.isEmpty else { throw Self.error(line, "unexpected text after the quoted value") }
            return .scalar(value)
        default:
            if text.hasPrefix("- ") { throw Self.error(line, "a list must start on its own line") }
            if text == "~" || text == "null" || text == "Null" || text == "NULL" { return .null }
            return .scalar(String(text))
        }
    }

    /// `[a, "b", 'c']`: scalars only.
    private static func flowSequence(_ text: Substring, line: Int) throws(ConfigurationError) -> FileValue {
        guard text.last == "]" else { throw Self.error(line, "a list opened with [ must close with ] on the same line") }
        var rest = text.dropFirst().dropLast().drop(while: { $0 == " " })
        var items: [String] = []
        while !rest.isEmpty {
            if rest.first == "\"" || rest.first == "'" {
                let (item, after) = try Self.quoted(rest, line: line)
                items.append(item)
                rest = after.drop(while: { $0 == " " })
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                var item = rest[..<end]
                while item.last == " " { item = item.dropLast() }
                if item.contains("[") || item.contains("{") { throw Self.error(line, "a list item must be a single value") }
                items.append(String(item))
                rest = rest[end...]
            }
            guard rest.isEmpty || rest.first == "," else { throw Self.error(line, "expected ',' between list items") }
            rest = rest.dropFirst().drop(while: { $0 == " " })
        }
        return .list(items)
    }

    /// A quoted scalar at the start of `text` and what follows it. Single quotes escape a
    /// quote by doubling it; double quotes take JSON's escapes.
    private static func quoted(_ text: Substring, line: Int) throws(ConfigurationError) -> (String, Substring) {
        let quote = text.first!
        var value = ""
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let character = text[index]
            index = text.index(after: index)
            if character == quote {
                if quote == "'", index < text.endIndex, text[index] == "'" {
                    value.append("'")
                    index = text.index(after: index)
                    continue
                }
                return (value, text[index...])
            }
            guard quote == "\"", character == "\\" else {
                value.append(character)
                continue
            }
            guard index < text.endIndex else { break }
            let escape = text[index]
            index = text.index(after: index)
            switch escape {
            case "\"", "\\", "/": value.append(escape)
            case "n": value.append("\n")
            case "t": value.append("\t")
            case "r": value.append("\r")
            case "b": value.append("\u{08}")
            case "f": value.append("\u{0C}")
            case "u":
                let end = text.index(index, offsetBy: 4, limitedBy: text.endIndex) ?? text.endIndex
                guard let code = UInt32(text[index..<end], radix: 16), let scalar = Unicode.Scalar(code), text.distance(from: index, to: end) == 4 else {
                    throw Self.error(line, "a \\u escape needs four hexadecimal digits")
                }
                value.unicodeScalars.append(scalar)
                index = end
            default:
                throw Self.error(line, "unknown escape '\\\(escape)'")
            }
        }
        throw Self.error(line, "a quoted value must end on the same line")
    }
}
