#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import PAGI
import PAGISimple
import PAGITesting
import Testing

@Suite struct BodyStreamTests {
    static let client: TestClient = {
        let app = SimpleApp()
        // Each piece as it arrived, in brackets, and the count.
        app.post("/pieces") { context in
            let limit = context.query["limit"].flatMap { Int($0) }
            let body = try context.bodyStream(limit: limit)
            var seen = ""
            for try await piece in body { seen += "[\(String(buffer: piece))]" }
            return .text("\(seen) \(body.bytesRead)")
        }
        // The decoded text pieces joined with "|".
        app.post("/text") { context in
            let body = try context.bodyStream()
            var pieces: [String] = []
            for try await text in body.text(strict: context.query["strict"] != nil) { pieces.append(text) }
            return .text(pieces.joined(separator: "|"))
        }
        app.post("/save") { context in
            let path = context.query["path"] ?? "/nonexistent/path"
            let written = try await context.bodyStream().write(toFile: path, append: context.query["append"] != nil)
            return .text("\(written)")
        }
        return TestClient(app: app.application)
    }()

    static func chunks(_ pieces: [[UInt8]]) -> RequestBody {
        .chunks(pieces.map { ByteBuffer(bytes: $0) })
    }

    @Test func piecesArriveAsTheyCome() async throws {
        let response = try await Self.client.post("/pieces", body: .chunks(["ab", "", "cd", "e"].map { ByteBuffer(string: $0) }))
        #expect(response.text == "[ab][cd][e] 5")
        #expect(try await Self.client.post("/pieces").text == " 0")
    }

    @Test func aDeclaredLengthOverTheLimitFailsBeforeReading() async throws {
        let response = try await Self.client.post("/pieces?limit=4", body: .text("abcde"))
        #expect(response.status == .contentTooLarge)
        #expect(response.text == "The request body is over 4 bytes")
        #expect(try await Self.client.post("/pieces?limit=5", body: .text("abcde")).text == "[abcde] 5")
    }

    @Test func aChunkedBodyOverTheLimitFailsWhileCounting() async throws {
        let response = try await Self.client.post("/pieces?limit=4", body: .chunks(["abc", "de"].map { ByteBuffer(string: $0) }))
        #expect(response.status == .contentTooLarge)
        #expect(try await Self.client.post("/pieces?limit=5", body: .chunks(["abc", "de"].map { ByteBuffer(string: $0) })).text == "[abc][de] 5")
    }

    @Test func aCharacterSplitBetweenPiecesArrivesWhole() async throws {
        // "h", then the first byte of "é", then the rest.
        let split = Self.chunks([[0x68], [0xC3], [0xA9, 0x6C, 0x6C, 0x6F]])
        #expect(try await Self.client.post("/text", body: split).text == "h|éllo")
        let strict = Self.chunks([[0x68], [0xC3], [0xA9, 0x6C, 0x6C, 0x6F]])
        #expect(try await Self.client.post("/text?strict", body: strict).text == "h|éllo")
    }

    @Test(arguments: [false, true])
    func everySplitOfValidTextDecodesTheSame(strict: Bool) async throws {
        let text = "a€𝄞ü"
        let bytes = Array(text.utf8)
        for cut in 0...bytes.count {
            let response = try await Self.client.post(strict ? "/text?strict" : "/text", body: Self.chunks([Array(bytes[..<cut]), Array(bytes[cut...])]))
            #expect(response.text.replacing("|", with: "") == text, "cut at \(cut)")
        }
        let oneByteAtATime = try await Self.client.post(strict ? "/text?strict" : "/text", body: Self.chunks(bytes.map { [$0] }))
        #expect(oneByteAtATime.text.replacing("|", with: "") == text)
    }

    @Test func invalidBytesAreReplacedAsIfDecodedWhole() async throws {
        // A stray continuation byte, an overlong form, a surrogate, a truncated 4-byte
        // character before ASCII, and a truncated character at the very end.
        let bytes: [UInt8] = [0x61, 0x80, 0x62, 0xC0, 0xAF, 0xED, 0xA0, 0x80, 0x63, 0xF0, 0x9F, 0x98, 0x64, 0xE2, 0x82]
        let whole = String(decoding: bytes, as: UTF8.self)
        for cut in 0...bytes.count {
            let response = try await Self.client.post("/text", body: Self.chunks([Array(bytes[..<cut]), Array(bytes[cut...])]))
            #expect(response.text.replacing("|", with: "") == whole, "cut at \(cut)")
        }
        let oneByteAtATime = try await Self.client.post("/text", body: Self.chunks(bytes.map { [$0] }))
        #expect(oneByteAtATime.text.replacing("|", with: "") == whole)
    }

    @Test func strictModeRejectsInvalidAndTruncatedUTF8() async throws {
        let invalid = try await Self.client.post("/text?strict", body: Self.chunks([[0x6F, 0x6B], [0xFF, 0x21]]))
        #expect(invalid.status == .badRequest && invalid.text == "The request body is not valid UTF-8")
        let truncated = try await Self.client.post("/text?strict", body: Self.chunks([[0x63, 0x61, 0x66], [0xC3]]))
        #expect(truncated.status == .badRequest && truncated.text == "The request body ends in the middle of a UTF-8 character")
        let lenient = try await Self.client.post("/text", body: Self.chunks([[0x63, 0x61, 0x66], [0xC3]]))
        #expect(lenient.text == "caf|\u{FFFD}")
    }

    @Test func theBodyIsWrittenToAFileOrAppended() async throws {
        let path = "/tmp/pagi-body-stream-\(UInt64.random(in: 0...UInt64.max)).bin"
        defer { unlink(path) }
        let first = try await Self.client.post("/save?path=\(path)", body: .chunks(["hello ", "world"].map { ByteBuffer(string: $0) }))
        #expect(first.text == "11")
        #expect(try await Self.client.post("/save?path=\(path)&append", body: .text("!")).text == "1")
        #expect(try Self.contents(of: path) == "hello world!")
        #expect(try await Self.client.post("/save?path=\(path)", body: .text("new")).text == "3")
        #expect(try Self.contents(of: path) == "new")
    }

    static func contents(of path: String) throws -> String {
        let file = try #require(fopen(path, "rb"))
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count == 0 { break }
            bytes += buffer[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
