#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CompressNIO
import PAGI
import PAGIMiddleware
import PAGITesting
import Testing

@Suite struct GZipTests {
    /// 2,000 bytes of text that compresses well.
    static let text = String(repeating: "The quick brown fox jumps over the lazy dog. ", count: 45).prefix(2000).description

    /// Answers with `body` in one piece, with `headers` (a text type unless given).
    static func answering(_ body: String = text, status: HTTPResponse.Status = .ok, headers: Headers = [:]) -> Application {
        { _, _, send in
            var all = headers
            if !all.contains(.contentType) { all.append(.contentType, "text/plain; charset=utf-8") }
            try await send(.httpResponseStart(status: status, headers: all))
            try await send(.httpResponseBody(ByteBuffer(string: body)))
        }
    }

    static func get(_ app: @escaping Application, _ gzip: GZip = GZip(), acceptEncoding: String? = "gzip, deflate", method: HTTPRequest.Method = .get) async throws -> TestResponse {
        let headers: Headers = acceptEncoding.map { ["accept-encoding": ByteString($0)] } ?? [:]
        return try await TestClient(app: gzip.wrap(app)).request(method, "/", headers: headers)
    }

    /// `body` inflated with the coding the response names.
    static func decoded(_ response: TestResponse) throws -> String {
        var body = response.body
        let algorithm: CompressionAlgorithm = response.headers["content-encoding"] == "deflate" ? .zlib() : .gzip()
        return String(buffer: try body.decompress(with: algorithm))
    }

    @Test func compressesAWholeBody() async throws {
        let response = try await Self.get(Self.answering(headers: ["content-length": "2000", "etag": #""v1""#]))
        #expect(response.headers["content-encoding"] == "gzip" && response.headers["vary"] == "Accept-Encoding")
        #expect(response.headers["content-length"] == "\(response.body.readableBytes)" && response.body.readableBytes < 200)
        #expect(response.headers["etag"] == #"W/"v1""#)
        #expect(try Self.decoded(response) == Self.text)
    }

    @Test(arguments: [
        ("gzip;q=0.5, deflate", "deflate"), ("deflate;q=0.9, gzip", "gzip"), ("gzip, deflate", "gzip"),
        ("x-gzip", "gzip"), ("*", "gzip"), ("br, *;q=0.1", "gzip"), ("gzip;q=0, *", "deflate"),
    ])
    func theCodingFollowsAcceptEncoding(acceptEncoding: String, coding: String) async throws {
        let response = try await Self.get(Self.answering(), acceptEncoding: acceptEncoding)
        #expect(response.headers["content-encoding"] == coding)
        #expect(try Self.decoded(response) == Self.text)
    }

    @Test(arguments: [nil, "", "identity", "br", "gzip;q=0, deflate;q=0", "*;q=0"])
    func withoutAnAcceptedCodingTheBodyIsUntouchedButVaries(acceptEncoding: String?) async throws {
        let response = try await Self.get(Self.answering(), acceptEncoding: acceptEncoding)
        #expect(response.headers["content-encoding"] == nil && response.text == Self.text)
        #expect(response.headers["vary"] == "Accept-Encoding")
    }

    @Test func smallBodiesAreNotCompressed() async throws {
        let small = try await Self.get(Self.answering(String(Self.text.prefix(1023))))
        #expect(small.headers["content-encoding"] == nil && small.text.count == 1023)
        let declared = try await Self.get { _, _, send in
            try await send(.httpResponseStart(status: .ok, headers: ["content-type": "text/html", "content-length": "600"]))
            try await send(.httpResponseBody(ByteBuffer(string: String(Self.text.prefix(300))), more: true))
            try await send(.httpResponseBody(ByteBuffer(string: String(Self.text.prefix(300)))))
        }
        #expect(declared.headers["content-encoding"] == nil && declared.headers["vary"] == nil && declared.chunks.count == 2)
        let custom = try await Self.get(Self.answering(String(Self.text.prefix(100))), GZip(minSize: 100))
        #expect(try custom.headers["content-encoding"] == "gzip" && Self.decoded(custom) == String(Self.text.prefix(100)))
    }

    @Test func onlyTheListedTypesAreCompressed() async throws {
        for type in ["text/html", "TEXT/CSS; charset=utf-8", "application/json", "image/svg+xml", "text/javascript"] {
            let response = try await Self.get(Self.answering(headers: ["content-type": ByteString(type)]))
            #expect(response.headers["content-encoding"] == "gzip", "\(type)")
        }
        for type in ["image/png", "application/octet-stream", "text/event-stream", "application/jsonx"] {
            let response = try await Self.get(Self.answering(headers: ["content-type": ByteString(type)]))
            #expect(response.headers["content-encoding"] == nil && response.headers["vary"] == nil, "\(type)")
        }
        let untyped = try await Self.get { _, _, send in
            try await send(.httpResponseStart(status: .ok))
            try await send(.httpResponseBody(ByteBuffer(string: Self.text)))
        }
        #expect(untyped.headers["content-encoding"] == nil)
        let wildcard = GZip(mimeTypes: ["text/*", "application/wasm"])
        #expect(try await Self.get(Self.answering(headers: ["content-type": "text/markdown"]), wildcard).headers["content-encoding"] == "gzip")
        #expect(try await Self.get(Self.answering(headers: ["content-type": "application/wasm"]), wildcard).headers["content-encoding"] == "gzip")
        #expect(try await Self.get(Self.answering(headers: ["content-type": "application/json"]), wildcard).headers["content-encoding"] == nil)
    }

    @Test func encodedNoTransformAndBodilessResponsesAreLeftAlone() async throws {
        let encoded = try await Self.get(Self.answering(headers: ["content-encoding": "br"]))
        #expect(encoded.headers.values(for: "content-encoding") == ["br"] && encoded.text == Self.text && encoded.headers["vary"] == nil)
        let noTransform = try await Self.get(Self.answering(headers: ["cache-control": "public, No-Transform"]))
        #expect(noTransform.headers["content-encoding"] == nil && noTransform.text == Self.text)
        for status in [HTTPResponse.Status.noContent, .notModified, .partialContent] {
            let response = try await Self.get(Self.answering(status == .partialContent ? Self.text : "", status: status, headers: ["content-length": "2000"]))
            #expect(response.headers["content-encoding"] == nil && response.headers["content-length"] == "2000", "\(status)")
        }
    }

    @Test func aStreamedBodyIsCompressedPieceByPiece() async throws {
        let (gate, open) = AsyncStream<Void>.makeStream()
        let app: Application = { _, _, send in
            try await send(.httpResponseStart(status: .ok, headers: ["content-type": "text/html", "content-length": "4000"]))
            try await send(.httpResponseBody(ByteBuffer(string: "<p>first</p>"), more: true))
            for await _ in gate { break }
            try await send(.httpResponseBody(ByteBuffer(), more: true))
            try await send(.httpResponseBody(ByteBuffer(string: "<p>second</p>"), more: true))
            try await send(.httpResponseBody(ByteBuffer()))
        }
        let stream = try await TestClient(app: GZip().wrap(app)).stream("/", headers: ["accept-encoding": "gzip"])
        #expect(stream.headers["content-encoding"] == "gzip" && stream.headers["content-length"] == nil)
        let inflater = try ZlibDecompressor(algorithm: .gzip, windowSize: 15)
        // The first piece decodes before the application sends the second.
        #expect(try Self.inflate(try #require(try await stream.nextChunk()), with: inflater) == "<p>first</p>")
        open.yield()
        var rest = ""
        while let chunk = try await stream.nextChunk() { rest += try Self.inflate(chunk, with: inflater) }
        #expect(rest == "<p>second</p>")
    }

    static func inflate(_ piece: ByteBuffer, with inflater: ZlibDecompressor) throws -> String {
        var input = piece
        var output = ByteBuffer()
        output.reserveCapacity(64 * 1024)
        do {
            try inflater.inflate(from: &input, to: &output)
        } catch let error as CompressNIOError where error == .inputBufferOverflow {}
        return String(buffer: output)
    }

    @Test func aStreamedBodyWithoutALengthIsCompressedWhateverItsSize() async throws {
        let response = try await Self.get { _, _, send in
            try await send(.httpResponseStart(status: .ok, headers: ["content-type": "application/json"]))
            try await send(.httpResponseBody(ByteBuffer(string: "[1,"), more: true))
            try await send(.httpResponseBody(ByteBuffer(string: "2]")))
        }
        #expect(try response.headers["content-encoding"] == "gzip" && Self.decoded(response) == "[1,2]")
    }

    @Test func aFullFlushBeforeTheFirstPieceSendsTheHead() async throws {
        let response = try await Self.get { _, _, send in
            try await send(.httpResponseStart(status: .ok, headers: ["content-type": "text/plain"]))
            try await send(.httpFullFlush)
            try await send(.httpResponseBody(ByteBuffer(string: "tick"), more: true))
            try await send(.httpResponseBody(ByteBuffer(string: "tock")))
        }
        #expect(response.headers["content-encoding"] == "gzip" && response.fullFlushCount == 1)
        #expect(try Self.decoded(response) == "ticktock")
    }

    @Test func fileBodiesAreSentAsTheyAre() async throws {
        let path = "/tmp/pagi-gzip-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).txt"
        let file = fopen(path, "w")
        fputs(Self.text, file)
        fclose(file)
        defer { unlink(path) }
        let response = try await Self.get { _, _, send in
            try await send(.httpResponseStart(status: .ok, headers: ["content-type": "text/plain", "content-length": "2000"]))
            try await send(.httpResponseFile(.path(path)))
        }
        #expect(response.headers["content-encoding"] == nil && response.headers["content-length"] == "2000" && response.text == Self.text)
        let afterPieces: Application = { _, _, send in
            try await send(.httpResponseStart(status: .ok, headers: ["content-type": "text/plain"]))
            try await send(.httpResponseBody(ByteBuffer(string: "x"), more: true))
            try await send(.httpResponseFile(.path(path)))
        }
        await #expect(throws: PAGIError.self) { try await Self.get(afterPieces) }
    }

    @Test func aHeadResponseGetsTheHeadOfAGet() async throws {
        let head: Application = { _, _, send in
            try await send(.httpResponseStart(status: .ok, headers: ["content-type": "text/html", "content-length": "5000"]))
            try await send(.httpResponseBody(ByteBuffer()))
        }
        let response = try await Self.get(head, method: .head)
        #expect(response.headers["content-encoding"] == "gzip" && response.headers["content-length"] == nil)
        #expect(response.headers["vary"] == "Accept-Encoding")
        let whole = try await Self.get(Self.answering(), method: .head)
        #expect(whole.headers["content-encoding"] == "gzip" && whole.body.readableBytes == 0)
    }

    @Test func aHeadWithoutABodyIsNotLost() async throws {
        let headOnly: Application = { _, _, send in
            try await send(.httpResponseStart(status: .ok, headers: ["content-type": "text/html", "content-length": "5000"]))
        }
        let response = try await TestClient(app: GZip().wrap(headOnly)) { $0.raiseAppErrors = false }.get("/", headers: ["accept-encoding": "gzip"])
        #expect(response.status == .ok && response.headers["content-length"] == "5000" && response.headers["content-encoding"] == nil)
        #expect((response.error as? PAGIError)?.code == .noResponse)
    }

    @Test func anExistingVaryIsKept() async throws {
        let response = try await Self.get(Self.answering(headers: ["vary": "Origin"]))
        #expect(response.headers.values(for: "vary") == ["Origin", "Accept-Encoding"])
        let already = try await Self.get(Self.answering(headers: ["vary": "Origin, accept-encoding"]))
        #expect(already.headers.values(for: "vary") == ["Origin, accept-encoding"])
    }

    @Test func theLevelIsAnOption() async throws {
        var generator = SystemRandomNumberGenerator()
        let words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda"]
        let salad = (0..<4000).map { _ in words.randomElement(using: &generator)! }.joined(separator: " ")
        let fastest = try await Self.get(Self.answering(salad), GZip(level: 1))
        let smallest = try await Self.get(Self.answering(salad), GZip(level: 9))
        #expect(try Self.decoded(fastest) == salad && Self.decoded(smallest) == salad)
        #expect(smallest.body.readableBytes < fastest.body.readableBytes)
    }

    @Test func otherScopesPassThrough() async throws {
        let socket = try await TestClient(app: GZip().wrap(echoPath("ws"))).websocket("/chat", headers: ["accept-encoding": "gzip"])
        #expect(try await socket.receiveText() == "ws /chat ")
    }
}
