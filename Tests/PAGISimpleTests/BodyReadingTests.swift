import HTTPTypes
import NIOCore
import PAGI
import PAGISimple
import PAGITesting
import Testing

/// The body comes off the wire once: what was read whole or as a form is kept, a stream is not.
@Suite struct BodyReadingTests {
    static let client: TestClient = {
        let app = SimpleApp()
        app.post("/whole-then-stream") { context in
            let whole = try await context.text()
            var streamed = ""
            for try await piece in try context.bodyStream() { streamed += String(buffer: piece) }
            return .text("\(whole)|\(streamed)|\(try await context.text())")
        }
        app.post("/stream-twice") { context in
            for try await _ in try context.bodyStream() {}
            _ = try await context.body()
            return .text("read twice")
        }
        app.post("/form-twice") { context in
            let first = try await context.multipart()
            let second = try await context.multipart()
            let title = try await context.param("title") ?? "-"
            let structured = try await context.structuredBody()
            return .text("\(first.allUploads.count) \(second.allUploads.count) \(title) \(structured["order.qty"]?.text ?? "-")")
        }
        return TestClient(app: app.application)
    }()

    @Test func aBodyReadWholeCanBeStreamedAfterwards() async throws {
        #expect(try await Self.client.post("/whole-then-stream", body: .text("abc")).text == "abc|abc|abc")
    }

    @Test func aStreamedBodyCannotBeReadAgain() async throws {
        let response = try await Self.client.post("/stream-twice", body: .text("abc"))
        #expect(response.status == .internalServerError && response.text == "The request body was already read as a stream")
    }

    @Test func aMultipartFormIsKeptForParamAndStructuredBody() async throws {
        let body = UploadTests.body([
            .init(name: "title", content: "Report"),
            .init(name: "order.qty", content: "3"),
            .init(name: "file", filename: "a.txt", contentType: "text/plain", content: "data"),
        ])
        let response = try await Self.client.post("/form-twice", headers: UploadTests.headers, body: .text(body))
        #expect(response.text == "1 1 Report 3")
    }
}

@Suite struct StrictBodyTests {
    static let client: TestClient = {
        let app = SimpleApp()
        app.post("/text") { context in .text(try await context.text(strict: context.query["strict"] != nil)) }
        app.post("/form") { context in
            let lenient = try await context.form()["name"] ?? "-"
            let raw = try await context.rawForm().first?.value.count ?? 0
            let strict = try await context.strictForm()["name"] ?? "-"
            return .text("\(lenient) \(raw) \(strict)")
        }
        return TestClient(app: app.application)
    }()

    @Test func strictTextAndFormsRefuseInvalidUTF8() async throws {
        let invalid = ByteBuffer(bytes: [0x63, 0x61, 0x66, 0xC3])
        #expect(try await Self.client.post("/text", body: .bytes(invalid)).text == "caf\u{FFFD}")
        let strict = try await Self.client.post("/text?strict", body: .bytes(invalid))
        #expect(strict.status == .badRequest && strict.text == "The body is not valid UTF-8")
        #expect(try await Self.client.post("/form", body: .text("name=J%C3%BCrgen")).text == "Jürgen 7 Jürgen")
        let bad = try await Self.client.post("/form", body: .text("name=%FF"))
        #expect(bad.status == .badRequest && bad.text == "The form is not valid UTF-8")
    }
}
