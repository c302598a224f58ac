import PAGI
import PAGIPubSub
import Testing

@Suite struct ChannelPatternTests {
    static let table: [(pattern: String, channel: String, matches: Bool)] = [
        ("news.tech", "news.tech", true),
        ("news.tech", "news.techs", false),
        ("*", "anything:at:all", true),
        ("news.*", "news.tech", true),
        ("news.*", "news.", true),
        ("news.*", "news", false),
        ("*.log", "a.b.log", true),
        ("a*b*c", "aXXbYc", true),
        ("a*b*c", "aXXbY", false),
        ("a**c", "abc", true),
        ("*a*a", "banana", true),
        ("h?llo", "hello", true),
        ("h?llo", "hllo", false),
        ("h?llo", "heello", false),
        ("h[ae]llo", "hallo", true),
        ("h[ae]llo", "hillo", false),
        ("h[^e]llo", "hallo", true),
        ("h[^e]llo", "hello", false),
        ("h[a-c]llo", "hbllo", true),
        ("h[c-a]llo", "hbllo", true),
        ("h[a-c]llo", "hdllo", false),
        ("chat:[0-9]*", "chat:42", true),
        ("chat:[0-9]*", "chat:x", false),
        ("[-a]", "-", true),
        ("[a-]", "-", true),
        ("[a\\-z]", "b", false),
        ("[a\\-z]", "-", true),
        ("a\\*b", "a*b", true),
        ("a\\*b", "aXb", false),
        ("\\?", "?", true),
        ("\\?", "x", false),
        ("[\\]]", "]", true),
        ("\\\\", "\\", true),
        ("?", "é", false),
        ("??", "é", true),
        ("caf*", "café", true),
    ]

    @Test(arguments: table)
    func matchesAsRedisDoes(_ row: (pattern: String, channel: String, matches: Bool)) throws {
        let pattern = try ChannelPattern(row.pattern)
        #expect(pattern.matches(row.channel) == row.matches, "\(row.pattern) against \(row.channel)")
    }

    @Test(arguments: ["", "[abc", "abc\\", "[]", "[^]", "a[\\"])
    func rejectsInvalidPatterns(_ text: String) {
        #expect {
            _ = try ChannelPattern(text)
        } throws: { error in
            (error as? PAGIError)?.code == .invalidChannelPattern
                && "\(error)".hasPrefix("Invalid channel pattern '\(text)'")
        }
    }

    @Test func equalityIsByText() throws {
        #expect(try ChannelPattern("a*") == ChannelPattern("a*"))
        #expect(try ChannelPattern("a*") != ChannelPattern("a**"))
        #expect(try ChannelPattern("a*").description == "a*")
    }
}
