import PAGI

/// A channel pattern in the glob syntax of Redis's PSUBSCRIBE, matched against the UTF-8 bytes
/// of a channel name:
///
/// - `*` matches any run of bytes, the empty one included;
/// - `?` matches exactly one byte;
/// - `[abc]` one of the listed bytes, `[a-z]` a range (either order), `[^a]` any byte but those;
/// - `\` makes the next character literal, inside brackets too (`\*`, `\[`, `\\`).
///
/// As in Redis, `?` and brackets match single bytes, so they match a non-ASCII character only
/// through `*`. A `-` first or last inside brackets is literal. Unlike Redis, which accepts any
/// string, an unclosed `[`, an empty `[]` and a trailing `\` are errors, so that a typo fails
/// at subscription instead of matching nothing.
public struct ChannelPattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written.
    public let text: String
    private let tokens: [Token]

    private enum Token: Sendable {
        case byte(UInt8)
        case anyByte
        case anyRun
        case set([ClosedRange<UInt8>], negated: Bool)

        func matches(_ byte: UInt8) -> Bool {
            switch self {
            case .byte(let expected): byte == expected
            case .anyByte: true
            case .anyRun: false
            case .set(let ranges, let negated): ranges.contains { $0.contains(byte) } != negated
            }
        }
    }

    /// The pattern `text`; throws ``PAGIError/Code/invalidChannelPattern`` when it is empty or not a
    /// valid glob.
    public init(_ text: String) throws {
        self.text = text
        self.tokens = try Self.parse(text)
    }

    public var description: String { self.text }

    public static func == (lhs: ChannelPattern, rhs: ChannelPattern) -> Bool { lhs.text == rhs.text }

    public func hash(into hasher: inout Hasher) { hasher.combine(self.text) }

    /// Whether `channel` matches.
    public func matches(_ channel: String) -> Bool {
        var channel = channel
        return channel.withUTF8 { self.matches(bytes: $0) }
    }

    /// The classic glob walk: on a mismatch, go back to the last `*` and let it take one more
    /// byte. Linear for patterns with one `*`, at worst pattern length × channel length.
    func matches(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var token = 0
        var byte = 0
        var lastRun: (token: Int, byte: Int)? = nil
        while byte < bytes.count {
            if token < self.tokens.count {
                if case .anyRun = self.tokens[token] {
                    lastRun = (token, byte)
                    token += 1
                    continue
                }
                if self.tokens[token].matches(bytes[byte]) {
                    token += 1
                    byte += 1
                    continue
                }
            }
            guard let run = lastRun else { return false }
            lastRun = (run.token, run.byte + 1)
            token = run.token + 1
            byte = run.byte + 1
        }
        while token < self.tokens.count, case .anyRun = self.tokens[token] { token += 1 }
        return token == self.tokens.count
    }

    private static func parse(_ text: String) throws -> [Token] {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw PAGIError.invalidChannelPattern(text, "a pattern must not be empty") }
        var tokens: [Token] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "*"):
                if case .anyRun = tokens.last { continue }
                tokens.append(.anyRun)
            case UInt8(ascii: "?"):
                tokens.append(.anyByte)
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { throw PAGIError.invalidChannelPattern(text, "it ends with an escaping '\\'") }
                tokens.append(.byte(bytes[index]))
                index += 1
            case UInt8(ascii: "["):
                tokens.append(try self.parseSet(bytes, from: &index, text: text))
            default:
                tokens.append(.byte(byte))
            }
        }
        return tokens
    }

    /// The bracket expression after a `[`, up to and including its `]`.
    private static func parseSet(_ bytes: [UInt8], from index: inout Int, text: String) throws -> Token {
        let negated = index < bytes.count && bytes[index] == UInt8(ascii: "^")
        if negated { index += 1 }
        var members: [UInt8] = []
        var escaped: [Bool] = []
        while true {
            guard index < bytes.count else { throw PAGIError.invalidChannelPattern(text, "a '[' is never closed") }
            var byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "]") { break }
            let isEscape = byte == UInt8(ascii: "\\")
            if isEscape {
                guard index < bytes.count else { throw PAGIError.invalidChannelPattern(text, "it ends with an escaping '\\'") }
                byte = bytes[index]
                index += 1
            }
            members.append(byte)
            escaped.append(isEscape)
        }
        guard !members.isEmpty else { throw PAGIError.invalidChannelPattern(text, "'[]' matches nothing") }
        var ranges: [ClosedRange<UInt8>] = []
        var member = 0
        while member < members.count {
            let isRange = member + 2 < members.count && members[member + 1] == UInt8(ascii: "-") && !escaped[member + 1]
            if isRange {
                let (low, high) = (members[member], members[member + 2])
                ranges.append(min(low, high)...max(low, high))
                member += 3
            } else {
                ranges.append(members[member]...members[member])
                member += 1
            }
        }
        return .set(ranges, negated: negated)
    }
}
