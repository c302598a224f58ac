#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PAGI
@testable import PAGISimpleExamples
import PAGITesting
import Testing

@Suite struct UploadsExampleTests {
    let directory = FileManager.default.temporaryDirectory.path + "/pagi-uploads-test-\(UUID().uuidString)"
    let client: TestClient

    init() {
        self.client = TestClient(app: SimpleExamples.uploads(directory: self.directory).application)
    }

    static let boundary = "XyZzY"
    static let headers: Headers = ["content-type": "multipart/form-data; boundary=XyZzY"]

    /// A multipart body: (name, filename or nil, content type or nil, content).
    static func body(_ parts: [(String, String?, String?, String)]) -> RequestBody {
        var body = ""
        for (name, filename, type, content) in parts {
            body += "--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"\(name)\""
            if let filename { body += "; filename=\"\(filename)\"" }
            body += "\r\n" + (type.map { "Content-Type: \($0)\r\n" } ?? "") + "\r\n\(content)\r\n"
        }
        return .text(body + "--\(Self.boundary)--\r\n")
    }

    @Test func anImageIsCheckedThenSaved() async throws {
        defer { try? FileManager.default.removeItem(atPath: self.directory) }
        #expect(try await self.client.get("/").text.contains(#"<form method="POST" action="/upload" enctype="multipart/form-data">"#))
        let saved = try await self.client.post("/upload", headers: Self.headers, body: Self.body([("avatar", "../../My Photo!.png", "image/png", "PNGDATA")]))
        #expect(saved.status == .ok && saved.text.contains(#""filename":"../../My Photo!.png""#) && saved.text.contains(#"_My_Photo_.png","size":7,"success":1,"type":"image/png"}"#))
        let listing = try await self.client.get("/list")
        #expect(listing.text.contains(#""file_count":1"#) && listing.text.contains(#"_My_Photo_.png","size":7}"#))
        let missing = try await self.client.post("/upload", headers: Self.headers, body: Self.body([("other", nil, nil, "x")]))
        #expect(missing.status == .badRequest && missing.text == #"{"error":"No file uploaded","field":"avatar"}"#)
        let empty = try await self.client.post("/upload", headers: Self.headers, body: Self.body([("avatar", "a.png", "image/png", "")]))
        #expect(empty.status == .badRequest && empty.text == #"{"error":"Empty file"}"#)
        let text = try await self.client.post("/upload", headers: Self.headers, body: Self.body([("avatar", "a.txt", "text/plain", "hi")]))
        #expect(text.status == .badRequest && text.text == #"{"allowed":"image/*","error":"Invalid file type","got":"text/plain"}"#)
        let notMultipart = try await self.client.post("/upload", body: .text("avatar=x"))
        #expect(notMultipart.status == .unsupportedMediaType)
    }

    @Test func severalFilesAndADocumentWithDetails() async throws {
        defer { try? FileManager.default.removeItem(atPath: self.directory) }
        let multi = try await self.client.post("/multi", headers: Self.headers, body: Self.body([
            ("files", "a.txt", "text/plain", "aaa"), ("files", "b.txt", "text/plain", ""), ("files", "c.txt", "text/plain", "c"),
        ]))
        #expect(multi.text.contains(#""failed":1"#) && multi.text.contains(#""saved":2"#) && multi.text.contains(#""total":3"#))
        #expect(multi.text.contains(#""errors":[{"error":"Empty file","filename":"b.txt"}]"#))
        #expect(try await self.client.post("/multi", headers: Self.headers, body: Self.body([("x", nil, nil, "1")])).status == .badRequest)
        let document = try await self.client.post("/upload-with-info", headers: Self.headers, body: Self.body([
            ("title", nil, nil, "Q3 report"), ("document", "q3.pdf", "application/pdf", "%PDF-1.7"),
        ]))
        #expect(document.text.contains(#""title":"Q3 report""#) && document.text.contains(#""description":"""#) && document.text.contains(#""size":8"#))
        #expect(try await self.client.get("/list").text.contains(#""file_count":3"#))
    }

    @Test func whatTheServerMakesOfARequest() async throws {
        let multipart = try await self.client.post("/check", headers: Self.headers, body: Self.body([("f", "x.bin", nil, "1")]))
        #expect(multipart.text == #"{"content_type":"multipart/form-data; boundary=XyZzY","has_uploads":1,"is_multipart":1}"#)
        let plain = try await self.client.post("/check", headers: ["content-type": "text/plain"], body: .text("hi"))
        #expect(plain.text == #"{"content_type":"text/plain","has_uploads":0,"is_multipart":0}"#)
    }

    @Test func fileNamesAreMadeSafe() {
        #expect(SimpleExamples.safeFileName("My Photo!.png") == "My_Photo_.png")
        #expect(SimpleExamples.safeFileName("") == "unnamed")
        #expect(SimpleExamples.safeFileName(String(repeating: "a", count: 150)).count == 100)
    }
}
