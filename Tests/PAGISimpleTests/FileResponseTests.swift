#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPTypes
import NIOCore
import PAGI
import PAGISimple
import PAGITesting
import Testing

@Suite struct FileResponseTests {
    let directory: TemporaryDirectory
    let client: TestClient

    init() throws {
        let directory = try TemporaryDirectory(files: ["report.txt": "0123456789", "résumé.pdf": "%PDF", "data.bin": "x"])
        let app = SimpleApp()
        app.get("/report") { _ in .file(directory.path + "/report.txt") }
        app.get("/download") { _ in .file(directory.path + "/report.txt", disposition: .attachment()) }
        app.get("/cv") { _ in .file(directory.path + "/résumé.pdf", disposition: .inline(filename: "résumé \"v2\".pdf")) }
        app.get("/typed") { _ in .file(directory.path + "/data.bin", contentType: "application/x-custom") }
        app.get("/missing") { _ in .file(directory.path + "/nope.txt") }
        self.directory = directory
        self.client = TestClient(app: app.application)
    }

    @Test func aFileComesWithItsTypeLengthAndValidators() async throws {
        let response = try await self.client.get("/report")
        #expect(response.status == .ok && response.text == "0123456789")
        #expect(response.headers.first(.contentType) == "text/plain; charset=utf-8")
        #expect(response.headers.first(.contentLength) == "10" && response.headers.first(.acceptRanges) == "bytes")
        #expect(response.headers.first(.eTag)?.text.hasPrefix("\"a-") == true)
        #expect(response.headers.first(.lastModified)?.text.hasSuffix(" GMT") == true)
        #expect(!response.headers.contains(.contentDisposition))
        let head = try await self.client.head("/report")
        #expect(head.status == .ok && head.body.readableBytes == 0 && head.headers.first(.contentLength) == "10")
    }

    @Test func dispositionAndExplicitType() async throws {
        #expect(try await self.client.get("/download").headers.first(.contentDisposition) == #"attachment; filename="report.txt""#)
        let cv = try await self.client.get("/cv")
        #expect(cv.headers.first(.contentType) == "application/pdf")
        #expect(cv.headers.first(.contentDisposition) == #"inline; filename="r_sum_ _v2_.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22v2%22.pdf"#)
        #expect(try await self.client.get("/typed").headers.first(.contentType) == "application/x-custom")
    }

    @Test func aMissingFileIs404() async throws {
        #expect(try await self.client.get("/missing").status == .notFound)
    }

    @Test func conditionalRequestsAnswer304Or412() async throws {
        let first = try await self.client.get("/report")
        let etag = try #require(first.headers.first(.eTag)?.text)
        let lastModified = try #require(first.headers.first(.lastModified)?.text)
        let cached = try await self.client.get("/report", headers: ["if-none-match": ByteString("\"other\", W/\(etag)")])
        #expect(cached.status == .notModified && cached.body.readableBytes == 0 && cached.headers.first(.eTag)?.text == etag)
        #expect(try await self.client.get("/report", headers: ["if-none-match": "*"]).status == .notModified)
        #expect(try await self.client.get("/report", headers: ["if-none-match": "\"stale\""]).status == .ok)
        #expect(try await self.client.get("/report", headers: ["if-modified-since": ByteString(lastModified)]).status == .notModified)
        #expect(try await self.client.get("/report", headers: ["if-modified-since": "Thu, 01 Jan 1970 00:00:00 GMT"]).status == .ok)
        // An If-None-Match decides alone: the date is not looked at.
        #expect(try await self.client.get("/report", headers: ["if-none-match": "\"stale\"", "if-modified-since": ByteString(lastModified)]).status == .ok)
        #expect(try await self.client.get("/report", headers: ["if-match": "\"stale\""]).status == .preconditionFailed)
        #expect(try await self.client.get("/report", headers: ["if-match": ByteString(etag)]).status == .ok)
        #expect(try await self.client.get("/report", headers: ["if-unmodified-since": "Thu, 01 Jan 1970 00:00:00 GMT"]).status == .preconditionFailed)
    }

    @Test func rangesAnswer206Or416() async throws {
        let middle = try await self.client.get("/report", headers: ["range": "bytes=2-4"])
        #expect(middle.status == .partialContent && middle.text == "234")
        #expect(middle.headers.first(.contentRange) == "bytes 2-4/10" && middle.headers.first(.contentLength) == "3")
        #expect(try await self.client.get("/report", headers: ["range": "bytes=7-"]).text == "789")
        #expect(try await self.client.get("/report", headers: ["range": "bytes=-3"]).text == "789")
        #expect(try await self.client.get("/report", headers: ["range": "bytes=8-100"]).text == "89")
        let past = try await self.client.get("/report", headers: ["range": "bytes=10-"])
        #expect(past.status == .rangeNotSatisfiable && past.headers.first(.contentRange) == "bytes */10")
        // Several ranges, another unit, or a malformed range: the whole file.
        for range in ["bytes=0-1,4-5", "items=0-1", "bytes=5-2", "bytes=x-"] {
            let whole = try await self.client.get("/report", headers: ["range": ByteString(range)])
            #expect(whole.status == .ok && whole.text == "0123456789", "\(range)")
        }
        // If-Range: the part only while the file is unchanged.
        let etag = try #require(try await self.client.get("/report").headers.first(.eTag))
        #expect(try await self.client.get("/report", headers: ["range": "bytes=0-0", "if-range": etag]).status == .partialContent)
        #expect(try await self.client.get("/report", headers: ["range": "bytes=0-0", "if-range": "\"old\""]).status == .ok)
    }
}
