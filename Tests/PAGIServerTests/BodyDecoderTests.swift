import NIOCore
import PAGI
@testable import PAGIServer
import Testing

@Suite struct BodyDecoderTests {
    /// Feeds `input` in pieces of `step` bytes and returns the decoded body.
    func decode(_ framing: BodyFraming, _ input: String, step: Int = 1, maxSize: Int? = nil) throws(HTTP1Error) -> (body: String, rest: String) {
        var decoder = try BodyDecoder(framing: framing, maxSize: maxSize)
        var buffer = ByteBuffer()
        var body = ""
        var remaining = Substring(input)
        while !decoder.isDone {
            if let piece = try decoder.next(from: &buffer) {
                body += String(buffer: piece)
                continue
            }
            guard !remaining.isEmpty else { break }
            buffer.writeString(String(remaining.prefix(step)))
            remaining = remaining.dropFirst(step)
        }
        return (body, String(buffer: buffer) + remaining)
    }

    @Test func readsContentLength() throws {
        for step in [1, 3, 100] {
            let (body, rest) = try self.decode(.length(5), "helloGET /", step: step)
            #expect(body == "hello")
            #expect(rest == "GET /")
        }
    }

    @Test func dechunks() throws {
        let input = "5;ext=1\r\nhello\r\n6\r\n world\r\nA\r\n0123456789\r\n0\r\nX-Trailer: 1\r\n\r\nNEXT"
        for step in [1, 2, 7, 1000] {
            let (body, rest) = try self.decode(.chunked, input, step: step)
            #expect(body == "hello world0123456789")
            #expect(rest == "NEXT")
        }
        #expect(try self.decode(.chunked, "3\nabc\n0\n\n").body == "abc")
    }

    @Test func rejectsMalformedChunks() {
        let cases: [(String, String)] = [
            ("x\r\n", "Malformed chunk size"),
            ("\r\n", "Malformed chunk size"),
            ("-5\r\n", "Malformed chunk size"),
            ("0x5\r\n", "Malformed chunk size"),
            ("5\r\nhelloXX\r\n", "Chunk data longer than its size"),
            ("1234567890abcdef0\r\n", "Chunk size too large"),
            ("5\r\nhello\r\n0\r\nbad trailer\r\n\r\n", "Malformed trailer field"),
            ("5\rx\nhello", "Bare CR in chunk framing"),
        ]
        for (input, message) in cases {
            do {
                _ = try self.decode(.chunked, input)
                Issue.record("accepted \(input.debugDescription)")
            } catch {
                #expect(error.status == .badRequest)
                #expect(error.message.contains(message), "\(input.debugDescription): \(error)")
            }
        }
    }

    @Test func enforcesTheSizeLimit() {
        #expect(throws: HTTP1Error(.contentTooLarge, "The request body (11 bytes) is larger than 10 bytes")) {
            _ = try BodyDecoder(framing: .length(11), maxSize: 10)
        }
        #expect(throws: HTTP1Error(.contentTooLarge, "The request body is larger than 10 bytes")) {
            _ = try self.decode(.chunked, "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", maxSize: 10)
        }
        #expect(throws: Never.self) { _ = try self.decode(.chunked, "5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n", maxSize: 10) }
    }
}
