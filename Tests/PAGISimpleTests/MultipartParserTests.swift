import HTTPTypes
import NIOCore
import PAGI
import PAGISimple
import Testing

@Suite struct MultipartParserTests {
    struct Part: Equatable, CustomStringConvertible {
        var name: String
        var filename: String?
        var contentType: String?
        var body: String

        var description: String { "\(self.name)|\(self.filename ?? "-")|\(self.contentType ?? "-")|\(String(reflecting: self.body))" }
    }

    /// The parts of `body` fed to a parser in the pieces `cuts` makes; each part's events must
    /// come as head, body pieces, end.
    static func parse(_ body: String, boundary: String = "XyZ", cuts: [Int] = [], maxHeaderSize: Int = 16 << 10) throws(HTTPError) -> [Part] {
        let bytes = Array(body.utf8)
        var parser = MultipartParser(boundary: boundary, maxHeaderSize: maxHeaderSize)
        var parts: [Part] = []
        var bodies: [[UInt8]] = []
        var open = false
        for (start, end) in zip([0] + cuts, cuts + [bytes.count]) {
            for event in try parser.feed(ByteBuffer(bytes: bytes[start..<end])) {
                switch event {
                case .head(let head):
                    #expect(!open)
                    parts.append(Part(name: head.name, filename: head.filename, contentType: head.contentType, body: ""))
                    bodies.append([])
                    open = true
                case .body(let piece):
                    #expect(open && piece.readableBytes > 0)
                    bodies[bodies.count - 1] += piece.readableBytesView
                case .end:
                    #expect(open)
                    open = false
                }
            }
        }
        try parser.finish()
        #expect(!open)
        for (index, body) in bodies.enumerated() { parts[index].body = String(decoding: body, as: UTF8.self) }
        return parts
    }

    static let sample = [
        "This is the preamble, with --XyZ in it.\r\n",
        "--XyZ\r\n",
        "Content-Disposition: form-data; name=\"title\"\r\n",
        "\r\n",
        "Hello, wörld\r\n",
        "--XyZ\r\n",
        "content-disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\n",
        "Content-Type: text/plain\r\n",
        "\r\n",
        "line 1\r\n--XyZa\r\n--Xy\r\n--XyZ-x\r\n--XyZ \tx\r\n\r\nline 2 --XyZ\r\n\r\r",
        "\r\n--XyZ\r\n",
        "Content-Disposition: form-data; name=\"empty\"\r\n",
        "\r\n",
        "\r\n--XyZ--\r\n",
        "The epilogue: --XyZ\r\nContent-Disposition: form-data; name=\"ignored\"\r\n\r\nx\r\n--XyZ--\r\n",
    ].joined()

    static let sampleParts = [
        Part(name: "title", filename: nil, contentType: nil, body: "Hello, wörld"),
        Part(name: "file", filename: "notes.txt", contentType: "text/plain", body: "line 1\r\n--XyZa\r\n--Xy\r\n--XyZ-x\r\n--XyZ \tx\r\n\r\nline 2 --XyZ\r\n\r\r"),
        Part(name: "empty", filename: nil, contentType: nil, body: ""),
    ]

    @Test func everySplitPositionGivesTheSameParts() throws {
        let count = Self.sample.utf8.count
        #expect(try Self.parse(Self.sample) == Self.sampleParts)
        for cut in 0...count {
            #expect(try Self.parse(Self.sample, cuts: [cut]) == Self.sampleParts, "cut at \(cut)")
        }
        #expect(try Self.parse(Self.sample, cuts: Array(1..<count)) == Self.sampleParts)
        for size in [2, 3, 5, 7, 11] {
            #expect(try Self.parse(Self.sample, cuts: Array(stride(from: size, to: count, by: size))) == Self.sampleParts, "pieces of \(size)")
        }
    }

    @Test func aDelimiterAtTheStartWithPaddingAndAnEmptyForm() throws {
        let body = "--XyZ  \t\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ--"
        #expect(try Self.parse(body) == [Part(name: "a", filename: nil, contentType: nil, body: "1")])
        #expect(try Self.parse("--XyZ--\r\n") == [])
    }

    @Test func aFileIsPassedOnInPiecesNotHeldWhole() throws {
        // Carriage returns and delimiter-like lines all through, for the search to stop at.
        let file = Array(String(repeating: "\r\n--XyZ-\r\r\n-0123456789abcdef", count: 1 << 13).utf8)
        var body = ByteBuffer(string: "--XyZ\r\nContent-Disposition: form-data; name=f; filename=big\r\n\r\n")
        body.writeBytes(file)
        body.writeString("\r\n--XyZ--\r\n")
        var parser = MultipartParser(boundary: "XyZ")
        var received: [UInt8] = []
        var largest = 0
        while let piece = body.readSlice(length: min(4096, body.readableBytes)), piece.readableBytes > 0 {
            for case .body(let bytes) in try parser.feed(piece) {
                received += bytes.readableBytesView
                largest = max(largest, bytes.readableBytes)
            }
        }
        try parser.finish()
        #expect(received == file)
        #expect(largest <= 4096 + 16)
    }

    @Test func contentDispositionParameters() throws {
        let body = [
            "--XyZ\r\n",
            "Content-Disposition: FORM-DATA; name=\"say \\\"hi\\\"\"; filename=\"C:\\dir\\a.txt\"\r\n",
            "\r\n\r\n--XyZ\r\n",
            "Content-Disposition: form-data;name=doc; filename=\"plain.txt\"; filename*=UTF-8''%E2%82%AC%20rates.txt\r\n",
            "Content-Type:\r\n image/png\r\n",
            "\r\n\r\n--XyZ--",
        ].joined()
        #expect(try Self.parse(body) == [
            Part(name: "say \"hi\"", filename: "C:\\dir\\a.txt", contentType: nil, body: ""),
            Part(name: "doc", filename: "€ rates.txt", contentType: "image/png", body: ""),
        ])
    }

    @Test(arguments: [
        ("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nunfinished", "The multipart body ends before its closing boundary"),
        ("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--XyZ\r\n", "The multipart body ends before its closing boundary"),
        ("just some garbage", "The multipart body has no boundary delimiter"),
        ("--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--", "A multipart part has no Content-Disposition header"),
        ("--XyZ\r\n\r\nx\r\n--XyZ--", "A multipart part has no Content-Disposition header"),
        ("--XyZ\r\nContent-Disposition: attachment; name=a\r\n\r\nx\r\n--XyZ--", "A multipart part's Content-Disposition is not form-data"),
        ("--XyZ\r\nContent-Disposition: form-data; filename=a\r\n\r\nx\r\n--XyZ--", "A multipart part's Content-Disposition has no name"),
        ("--XyZ\r\nContent-Disposition: form-data; name=a\r\nno colon here\r\n\r\nx\r\n--XyZ--", "A multipart part has a malformed header line"),
        ("--XyZ\r\nContent-Disposition: form-data; name=a; filename=\"\(String(repeating: "x", count: 100))\"\r\n\r\nx\r\n--XyZ--", "A multipart part's headers are over maxHeaderSize (64 bytes)"),
    ])
    func malformedBodiesAre400(body: String, message: String) {
        for cuts in [[], Array(1..<body.utf8.count)] {
            let error = #expect(throws: HTTPError.self) { try Self.parse(body, cuts: cuts, maxHeaderSize: 64) }
            #expect(error?.status == .badRequest)
            #expect(error?.message == message)
        }
    }

    @Test func theBoundaryComesFromTheContentType() throws {
        #expect(try MultipartParser.boundary(contentType: "multipart/form-data; boundary=abc") == "abc")
        #expect(try MultipartParser.boundary(contentType: "Multipart/Form-Data; charset=utf-8; BOUNDARY=\"a b:c\"") == "a b:c")
        for (contentType, status) in [
            ("multipart/form-data", HTTPResponse.Status.badRequest),
            ("multipart/form-data; boundary=", .badRequest),
            ("multipart/form-data; boundary=\"a b \"", .badRequest),
            ("multipart/form-data; boundary=a@b", .badRequest),
            ("multipart/form-data; boundary=\(String(repeating: "a", count: 71))", .badRequest),
            ("multipart/mixed; boundary=abc", .unsupportedMediaType),
            ("text/plain", .unsupportedMediaType),
        ] {
            let error = #expect(throws: HTTPError.self) { try MultipartParser.boundary(contentType: contentType) }
            #expect(error?.status == status, "\(contentType)")
        }
        #expect(throws: HTTPError.self) { try MultipartParser.boundary(contentType: nil) }
    }
}
