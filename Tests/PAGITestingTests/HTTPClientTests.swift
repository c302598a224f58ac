import Foundation
import HTTPTypes
import NIOCore
import PAGI
import PAGITesting
import Synchronization
import Testing

@Suite struct HTTPClientTests {
    @Test func readsAWholeResponse() async throws {
        let response = try await TestClient(app: Apps.text("Hello")).get("/")
        #expect(response.status == .ok)
        #expect(response.headers["content-type"] == "text/plain")
        #expect(response.text == "Hello")
        #expect(response.isComplete)
        #expect(response.events.map(\.type) == ["http.response.start", "http.response.body"])
        #expect(response.error == nil)
    }

    @Test func buildsTheScopeAsAClientWould() async throws {
        let seen = Recorder<RequestScope?>(nil)
        let app: Application = { scope, _, send in
            seen.update { $0 = scope.request }
            try await send(.httpResponseStart(status: .noContent))
            try await send(.httpResponseBody(ByteBuffer()))
        }
        let client = TestClient(app: app) { $0.rootPath = "/api" }
        _ = try await client.request(
            .delete, "/echo/λ 🔥?q=a b&x=%2F#fragment",
            headers: ["Host": "example.com", "cookie": "a=1", "Cookie": "b=2; c=3", "x-dup": "1", "x-dup": "2"]
        )
        let request = try #require(seen.value)
        #expect(request.method == .delete)
        #expect(request.rawPath == "/echo/%CE%BB%20%F0%9F%94%A5")
        #expect(request.path == "/echo/λ 🔥")
        #expect(request.queryString == "q=a%20b&x=%2F")
        #expect(request.rootPath == "/api")
        #expect(request.headers.map(\.name.rawValue) == ["host", "cookie", "x-dup", "x-dup"])
        #expect(request.headers["host"] == "example.com")
        #expect(request.headers["cookie"] == "a=1; b=2; c=3")
        #expect(request.client == .tcp(host: "127.0.0.1", port: 50_000))
        #expect(request.server == .tcp(host: "testserver", port: 80))
        #expect(request.httpVersion == .http1_1)
        #expect(request.scheme == "http")
        #expect(request.connection != nil && request.transport != nil)
        #expect(request.extensions.fullFlush)
    }

    @Test func deliversTheBodyAsSent() async throws {
        let client = TestClient(app: Apps.echo)
        let whole = try await client.post("/", body: "hello")
        #expect(whole.text == "hello")
        #expect(whole.chunks.count == 1)

        let pieces = try await client.post("/", body: .chunks([ByteBuffer(string: "a"), ByteBuffer(string: "b")]))
        #expect(pieces.chunks.map { String(buffer: $0) } == ["a", "b", ""])

        let (stream, continuation) = AsyncStream.makeStream(of: ByteBuffer.self)
        continuation.yield(ByteBuffer(string: "x"))
        continuation.yield(ByteBuffer(string: "y"))
        continuation.finish()
        let streamed = try await client.post("/", body: .stream(stream))
        #expect(streamed.text == "xy")
    }

    @Test func framesTheBodyLikeARealClient() async throws {
        let seen = Recorder<[Headers]>([])
        let app: Application = { scope, receive, send in
            seen.update { $0.append(scope.request!.headers) }
            _ = try await readBody(from: receive)
            try await send(.httpResponseStart(status: .ok))
            try await send(.httpResponseBody(ByteBuffer()))
        }
        let client = TestClient(app: app)
        _ = try await client.get("/")
        _ = try await client.post("/", body: "four")
        _ = try await client.post("/")
        _ = try await client.put("/", body: .chunks([ByteBuffer(string: "a")]))
        #expect(seen.value[0]["content-length"] == nil)
        #expect(seen.value[1]["content-length"] == "4")
        #expect(seen.value[2]["content-length"] == "0")
        #expect(seen.value[3]["transfer-encoding"] == "chunked")
    }

    @Test func collectsTrailersAndFlushes() async throws {
        let app: Application = { _, _, send in
            try await send(.httpResponseStart(status: .ok, trailers: true))
            try await send(.httpResponseBody("a", more: true))
            try await send(.httpFullFlush)
            try await send(.httpResponseBody("b"))
            try await send(.httpResponseTrailers(["x-checksum": "ab"]))
        }
        let response = try await TestClient(app: app).get("/")
        #expect(response.text == "ab")
        #expect(response.trailers == ["x-checksum": "ab"])
        #expect(response.fullFlushCount == 1)
        #expect(response.isComplete)
    }

    @Test func headResponsesHaveNoBody() async throws {
        let response = try await TestClient(app: Apps.text("body")).head("/")
        #expect(response.status == .ok)
        #expect(response.chunks.isEmpty)
        #expect(response.events.count == 2)
    }

    @Test func sendsFileBodies() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pagi-test-\(UInt64.random(in: 0...UInt64.max)).txt").path
        try Data("0123456789".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let app: Application = { _, _, send in
            try await send(.httpResponseStart(status: .partialContent))
            try await send(.httpResponseFile(.path(path, offset: 2, length: 5)))
        }
        let response = try await TestClient(app: app).get("/")
        #expect(response.text == "23456")
        #expect(response.isComplete)
    }

    @Test func anUnreadableFileFailsTheSend() async throws {
        let failure = Recorder<String?>(nil)
        let app: Application = { _, _, send in
            try await send(.httpResponseStart(status: .ok))
            do {
                try await send(.httpResponseFile(.path("/nonexistent/pagi-file")))
            } catch {
                failure.update { $0 = "\(error)" }
                throw error
            }
        }
        let client = TestClient(app: app) { $0.raiseAppErrors = false }
        let response = try await client.get("/")
        #expect(failure.value?.contains("Cannot open file \"/nonexistent/pagi-file\"") == true)
        #expect(response.error != nil)
        #expect(!response.isComplete)
    }

    @Test func receiveReportsDisconnectAfterTheResponse() async throws {
        let after = Recorder<InboundEvent?>(nil)
        let app: Application = { _, receive, send in
            _ = try await receive()
            try await send(.httpResponseStart(status: .ok))
            try await send(.httpResponseBody("done"))
            after.update { $0 = nil }
            let event = try await receive()
            after.update { $0 = event }
        }
        _ = try await TestClient(app: app).get("/")
        guard case .httpDisconnect(let reason)? = after.value else {
            Issue.record("expected http.disconnect, got \(String(describing: after.value))")
            return
        }
        #expect(reason == nil)
    }

    @Test func connectionStateFollowsTheResponse() async throws {
        let state = Recorder<ConnectionState?>(nil)
        let app: Application = { scope, _, send in
            state.update { $0 = scope.request?.connection }
            #expect(scope.request?.connection?.responseStarted == false)
            try await send(.httpResponseStart(status: .ok))
            try await send(.httpResponseBody("x"))
        }
        _ = try await TestClient(app: app).get("/")
        let connection = try #require(state.value)
        #expect(connection.responseStarted)
        #expect(connection.responseComplete)
        #expect(connection.disconnectReason == nil)
    }
}
