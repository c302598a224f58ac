#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HTTPTypes
import NIOCore
import PAGI
import PAGISimple
import PAGITesting
import Testing

/// Serialized: the tests look for leftover temporary files, which a concurrent test could make.
@Suite(.serialized) struct UploadTests {
    struct UploadInfo: Codable, Equatable {
        var name: String
        var filename: String
        var basename: String
        var contentType: String
        var size: Int
        var isInMemory: Bool
        var temporaryPath: String?
        /// The temporary file's permission bits while the request runs.
        var mode: Int?
        var text: String
    }

    struct FormInfo: Codable {
        var fields: [String]
        var uploads: [UploadInfo]
    }

    static let boundary = "----TestBoundary7MA4YWxk"

    static let client: TestClient = {
        let app = SimpleApp()
        app.post("/form") { context in
            let form = try await context.multipart(limits: Self.limits(context.query))
            var uploads: [UploadInfo] = []
            for upload in form.allUploads {
                uploads.append(UploadInfo(
                    name: upload.name, filename: upload.filename, basename: upload.basename, contentType: upload.contentType,
                    size: upload.size, isInMemory: upload.isInMemory, temporaryPath: upload.temporaryPath,
                    mode: upload.temporaryPath.flatMap(Self.mode), text: try await upload.text()))
            }
            return try .json(FormInfo(fields: form.fields.map { "\($0.name)=\($0.value)" }, uploads: uploads))
        }
        app.post("/save") { context in
            let form = try await context.multipart(limits: Self.limits(context.query))
            let file = try form.requiredUpload("file")
            let temporary = file.temporaryPath
            try await file.copy(to: context.query["to"]! + ".copy")
            try await file.move(to: context.query["to"]!)
            let gone = temporary.map { access($0, F_OK) != 0 } ?? true
            return .text("\(gone) \(file.temporaryPath == nil) \(try await file.text().count)")
        }
        app.post("/avatar") { context in
            let avatar = try await context.multipart().requiredUpload("avatar")
            return .text(avatar.basename)
        }
        return TestClient(app: app.application)
    }()

    static func limits(_ query: QueryParameters) -> MultipartLimits {
        var limits = MultipartLimits()
        let names: [(String, WritableKeyPath<MultipartLimits, Int>)] = [
            ("maxFileSize", \.maxFileSize), ("maxTotalSize", \.maxTotalSize), ("memoryThreshold", \.memoryThreshold),
            ("maxParts", \.maxParts), ("maxFieldSize", \.maxFieldSize), ("maxHeaderSize", \.maxHeaderSize),
        ]
        for (name, keyPath) in names {
            if let value = query[name].flatMap({ Int($0) }) { limits[keyPath: keyPath] = value }
        }
        return limits
    }

    /// A part: a field (no `filename`) or a file.
    struct Part {
        var name: String
        var filename: String?
        var contentType: String?
        var content: String
    }

    static func body(_ parts: [Part]) -> String {
        var body = ""
        for part in parts {
            body += "--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\""
            if let filename = part.filename { body += "; filename=\"\(filename)\"" }
            body += "\r\n"
            if let contentType = part.contentType { body += "Content-Type: \(contentType)\r\n" }
            body += "\r\n\(part.content)\r\n"
        }
        return body + "--\(Self.boundary)--\r\n"
    }

    static let headers: Headers = ["content-type": "multipart/form-data; boundary=\(Self.boundary)"]

    /// `body` sent in pieces of `size` bytes (chunked, without a content-length).
    static func chunked(_ body: String, size: Int = 7000) -> RequestBody {
        var buffer = ByteBuffer(string: body)
        var pieces: [ByteBuffer] = []
        while let piece = buffer.readSlice(length: min(size, buffer.readableBytes)), piece.readableBytes > 0 { pieces.append(piece) }
        return .chunks(pieces)
    }

    static func post(_ target: String, _ parts: [Part], pieceSize: Int = 7000) async throws -> TestResponse {
        try await Self.client.post(target, headers: Self.headers, body: Self.chunked(Self.body(parts), size: pieceSize))
    }

    static func mode(_ path: String) -> Int? {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_mode & 0o777) : nil
    }

    /// The upload files in the temporary directory.
    static func temporaryUploads() -> Set<String> {
        let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var names: Set<String> = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasPrefix("pagi-upload-") { names.insert(name) }
        }
        return names
    }

    @Test func fieldsAndSmallUploadsStayInMemory() async throws {
        let response = try await Self.post("/form", [
            Part(name: "title", content: "Ünïcode title"),
            Part(name: "tag", content: "a"),
            Part(name: "doc", filename: "C:\\Users\\ada\\notes.txt", contentType: "text/plain", content: "some\r\nnotes"),
            Part(name: "tag", content: "b"),
            Part(name: "empty-input", filename: "", contentType: "application/octet-stream", content: ""),
            Part(name: "doc", filename: "../..", content: ""),
        ])
        let form = try response.json(as: FormInfo.self)
        #expect(form.fields == ["title=Ünïcode title", "tag=a", "tag=b", "empty-input="])
        #expect(form.uploads == [
            UploadInfo(name: "doc", filename: "C:\\Users\\ada\\notes.txt", basename: "notes.txt", contentType: "text/plain", size: 11, isInMemory: true, text: "some\r\nnotes"),
            UploadInfo(name: "doc", filename: "../..", basename: "upload", contentType: "application/octet-stream", size: 0, isInMemory: true, text: ""),
        ])
    }

    @Test func aLargeUploadSpillsToAPrivateTemporaryFileGoneAfterTheRequest() async throws {
        let before = Self.temporaryUploads()
        let content = String(repeating: "0123456789abcdef", count: 5000)  // 80,000 bytes, over 64 KiB
        let response = try await Self.post("/form", [Part(name: "big", filename: "big.bin", content: content)])
        let upload = try #require(try response.json(as: FormInfo.self).uploads.first)
        #expect(upload.size == 80_000 && !upload.isInMemory && upload.text == content)
        #expect(upload.mode == 0o600)
        let path = try #require(upload.temporaryPath)
        #expect(path.contains("/pagi-upload-"))
        #expect(access(path, F_OK) != 0)
        #expect(Self.temporaryUploads() == before)
    }

    @Test(arguments: [1 << 20, 16])
    func moveAndCopyPutTheFileInPlace(memoryThreshold: Int) async throws {
        let destination = "/tmp/pagi-upload-test-\(UInt64.random(in: 0...UInt64.max))"
        defer { unlink(destination); unlink(destination + ".copy") }
        let content = String(repeating: "x", count: 1000)
        let response = try await Self.post("/save?to=\(destination)&memoryThreshold=\(memoryThreshold)", [Part(name: "file", filename: "f", content: content)])
        #expect(response.text == "true true 1000")
        #expect(try BodyStreamTests.contents(of: destination) == content)
        #expect(try BodyStreamTests.contents(of: destination + ".copy") == content)
        // A destination that exists is not replaced.
        let again = try await Self.post("/save?to=\(destination)&memoryThreshold=\(memoryThreshold)", [Part(name: "file", filename: "f", content: "other")])
        #expect(again.status == .internalServerError)
        #expect(try BodyStreamTests.contents(of: destination) == content)
    }

    @Test(arguments: [
        ("maxFileSize=10", [Part(name: "f", filename: "eleven.txt", content: "12345678901")], "The file 'eleven.txt' is over maxFileSize (10 bytes)"),
        ("maxFileSize=100&memoryThreshold=10", [Part(name: "f", filename: "spilled", content: String(repeating: "s", count: 101))], "The file 'spilled' is over maxFileSize (100 bytes)"),
        ("maxFieldSize=3", [Part(name: "note", content: "four")], "The field 'note' is over maxFieldSize (3 bytes)"),
        ("maxParts=2", [Part(name: "a", content: "1"), Part(name: "b", content: "2"), Part(name: "c", content: "3")], "The multipart body has more than maxParts (2) parts"),
        ("maxTotalSize=100", [Part(name: "a", content: String(repeating: "a", count: 100))], "The request body is over maxTotalSize (100 bytes)"),
    ])
    func eachLimitAnswers413(query: String, parts: [Part], message: String) async throws {
        let before = Self.temporaryUploads()
        // Small pieces, so that a file spills before it goes over its limit.
        let response = try await Self.post("/form?\(query)", parts, pieceSize: 16)
        #expect(response.status == .contentTooLarge)
        #expect(response.text == message)
        #expect(Self.temporaryUploads() == before)
    }

    @Test func aDeclaredLengthOverMaxTotalSizeIsRefusedBeforeReading() async throws {
        let response = try await Self.client.post("/form?maxTotalSize=100", headers: Self.headers, body: .text(Self.body([Part(name: "a", content: String(repeating: "a", count: 100))])))
        #expect(response.status == .contentTooLarge && response.text == "The request body is over maxTotalSize (100 bytes)")
    }

    @Test func malformedBodiesAre400() async throws {
        let unfinished = try await Self.client.post("/form", headers: Self.headers, body: .text("--\(Self.boundary)\r\nContent-Disposition: form-data; name=a\r\n\r\nno end"))
        #expect(unfinished.status == .badRequest && unfinished.text == "The multipart body ends before its closing boundary")
        let noBoundary = try await Self.client.post("/form", headers: ["content-type": "multipart/form-data"], body: .text(Self.body([])))
        #expect(noBoundary.status == .badRequest && noBoundary.text == "The multipart content type has no boundary parameter")
        let noDisposition = try await Self.client.post("/form", headers: Self.headers, body: .text("--\(Self.boundary)\r\nContent-Type: text/plain\r\n\r\nx\r\n--\(Self.boundary)--"))
        #expect(noDisposition.status == .badRequest && noDisposition.text == "A multipart part has no Content-Disposition header")
        let longHeader = try await Self.post("/form?maxHeaderSize=100", [Part(name: String(repeating: "n", count: 100), content: "x")])
        #expect(longHeader.status == .badRequest && longHeader.text == "A multipart part's headers are over maxHeaderSize (100 bytes)")
    }

    @Test func aMissingUploadIs400AndOtherContentTypes415() async throws {
        let missing = try await Self.post("/avatar", [Part(name: "avatar", filename: "", content: "")])
        #expect(missing.status == .badRequest && missing.text == "missing upload 'avatar'")
        let present = try await Self.post("/avatar", [Part(name: "avatar", filename: "/home/ada/me.png", contentType: "image/png", content: "PNG")])
        #expect(present.text == "me.png")
        let form = try await Self.client.post("/avatar", headers: ["content-type": "application/x-www-form-urlencoded"], body: "avatar=x")
        #expect(form.status == .unsupportedMediaType && form.text == "The request body is not multipart/form-data")
    }

    @Test func severalFilesOfOneNameAndAnRFC5987Filename() async throws {
        let body = Self.body([Part(name: "files", filename: "a.txt", content: "A"), Part(name: "files", filename: "b.txt", content: "B")])
            .replacing("filename=\"b.txt\"", with: "filename=\"b.txt\"; filename*=UTF-8''%C3%BC.txt")
        let response = try await Self.client.post("/form", headers: Self.headers, body: .text(body))
        let uploads = try response.json(as: FormInfo.self).uploads
        #expect(uploads.map(\.filename) == ["a.txt", "ü.txt"])
        #expect(uploads.map(\.text) == ["A", "B"])
    }
}
