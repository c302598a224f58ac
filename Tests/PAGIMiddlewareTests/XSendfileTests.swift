import HTTPTypes
import NIOCore
import PAGI
import PAGIMiddleware
import PAGITesting
import Testing

@Suite struct XSendfileTests {
    let directory: TemporaryDirectory

    init() throws {
        self.directory = try TemporaryDirectory(files: ["files/report.pdf": "%PDF-1.7 report", "other/x.txt": "x"])
    }

    func client(_ type: XSendfile.Kind, variation: String? = nil) throws -> TestClient {
        let app = try MiddlewareStack {
            XSendfile(type: type, variation: variation)
            try Static(root: self.directory.path)
        }.wrap(echoPath("app"))
        return TestClient(app: app)
    }

    @Test func nginxGetsTheMappedURIAndAnEmptyBody() async throws {
        let client = try self.client(.accelRedirect(mapping: [self.directory.path + "/files/": "/protected/", self.directory.path + "/": "/all/"]))
        let response = try await client.get("/files/report.pdf")
        #expect(response.status == .ok && response.body.readableBytes == 0)
        #expect(response.headers.first("x-accel-redirect") == "/protected/report.pdf")
        #expect(!response.headers.contains(.contentLength) && response.headers.first(.contentType) == "application/pdf")
        #expect(try await client.get("/other/x.txt").headers.first("x-accel-redirect") == "/all/other/x.txt")
    }

    @Test func apacheAndLighttpdGetThePath() async throws {
        let apache = try await self.client(.sendfile, variation: "X-Sendfile-Type").get("/files/report.pdf")
        #expect(apache.headers.first("x-sendfile")?.text.hasSuffix("/files/report.pdf") == true && apache.body.readableBytes == 0)
        #expect(apache.headers.first(.vary) == "X-Sendfile-Type")
        let lighttpd = try await self.client(.lighttpd).get("/files/report.pdf")
        #expect(lighttpd.headers.first("x-lighttpd-send-file")?.text.hasSuffix("/files/report.pdf") == true)
    }

    @Test func partsUnmappedPathsAndOtherBodiesPassThrough() async throws {
        let client = try self.client(.accelRedirect(mapping: [self.directory.path + "/files/": "/protected/"]))
        let part = try await client.get("/files/report.pdf", headers: ["range": "bytes=0-3"])
        #expect(part.status == .partialContent && part.text == "%PDF" && !part.headers.contains("x-accel-redirect"))
        let unmapped = try await client.get("/other/x.txt")
        #expect(unmapped.text == "x" && !unmapped.headers.contains("x-accel-redirect"))
        let cached = try await client.get("/files/report.pdf", headers: ["if-none-match": "*"])
        #expect(cached.status == .notModified && !cached.headers.contains("x-accel-redirect"))
        #expect(try await client.get("/not-a-file").status == .notFound)
        let head = try await client.head("/files/report.pdf")
        #expect(head.status == .ok && head.headers.first(.contentLength) == "15")
    }
}
