import Foundation
import NIOCore
import PAGI
import PAGITesting
import Testing

/// Regressions: the ways a test client can hang, lose input, or misreport an application.
@Suite struct ClientEdgeCaseTests {
    @Test func sendingToAWebSocketAppThatReturnedFailsAtOnce() async throws {
        let app: Application = { _, receive, send in
            _ = try await receive()
            try await send(.websocketAccept())
        }
        let ws = try await TestClient(app: app) { $0.timeout = .seconds(2) }.websocket("/")
        do {
            for index in 0..<200 { try await ws.send(text: "\(index)") }
            Issue.record("every send was accepted")
        } catch TestClientError.websocketClosed(let code, _) {
            #expect(code == .normalClosure)
        }
    }

    @Test func aWebSocketAppThatStopsReadingTimesOut() async throws {
        let app: Application = { _, receive, send in
            _ = try await receive()
            try await send(.websocketAccept())
            try await Task.sleep(for: .seconds(30))
        }
        let ws = try await TestClient(app: app) { $0.timeout = .milliseconds(200) }.websocket("/")
        do {
            for index in 0..<200 { try await ws.send(text: "\(index)") }
            Issue.record("every send was accepted")
        } catch TestClientError.timedOut(let what) {
            #expect(what.contains("the application to receive a message"))
        }
    }

    @Test func aClientCloseFollowsTheMessagesBeforeIt() async throws {
        let seen = Recorder<[String]>([])
        let app: Application = { _, receive, send in
            _ = try await receive()
            try await send(.websocketAccept())
            try await Task.sleep(for: .milliseconds(20))  // the client sends and closes meanwhile
            while true {
                switch try await receive() {
                case .websocketReceive(.text(let text)): seen.update { $0.append(text) }
                case .websocketDisconnect(let code, _): return seen.update { $0.append("closed \(code)") }
                default: continue
                }
            }
        }
        let ws = try await TestClient(app: app).websocket("/")
        try await ws.send(text: "last words")
        try await ws.close(code: .goingAway)
        #expect(seen.value == ["last words", "closed 1001"])
    }

    @Test func anUnreadableFileLeavesTheResponseOpenForAFallback() async throws {
        let app: Application = { _, _, send in
            try await send(.httpResponseStart(status: .ok))
            do {
                try await send(.httpResponseFile(.path("/nonexistent/pagi-file")))
            } catch {
                try await send(.httpResponseBody("fallback"))
            }
        }
        let response = try await TestClient(app: app).get("/")
        #expect(response.text == "fallback")
        #expect(response.error == nil)
    }

    @Test func onlyHTTPScopesCarryAConnectionState() async throws {
        let seen = Recorder<[ScopeType: Bool]>([:])
        let app: Application = { scope, receive, send in
            seen.update { $0[scope.type] = scope.request?.connection != nil }
            switch scope {
            case .websocket:
                _ = try await receive()
                try await send(.websocketClose())
            case .sse:
                try await send(.sseStart(status: .ok))
                try await send(.sseClose())
            default:
                try await send(.httpResponseStart(status: .noContent))
                try await send(.httpResponseBody(ByteBuffer()))
            }
        }
        let client = TestClient(app: app)
        _ = try await client.get("/")
        _ = try? await client.websocket("/")
        _ = try await client.sse("/").collect()
        #expect(seen.value == [.http: true, .websocket: false, .sse: false])
    }

    @Test func theUnreadBodyIsDroppedOnceTheResponseIsComplete() async throws {
        let after = Recorder<String?>(nil)
        let app: Application = { _, receive, send in
            try await send(.httpResponseStart(status: .ok))
            try await send(.httpResponseBody("answered without reading"))
            after.update { $0 = nil }
            let event = try await receive()
            after.update { $0 = event.type }
        }
        let response = try await TestClient(app: app).post("/", body: .chunks([ByteBuffer(string: "a"), ByteBuffer(string: "b")]))
        #expect(response.isComplete)
        #expect(after.value == "http.disconnect")
    }

    @Test func aDisconnectErrorAfterTheClientLeftIsNotAFailure() async throws {
        let app: Application = { scope, receive, send in
            _ = try await receive()
            try await send(.httpResponseStart(status: .ok))
            try await send(.httpResponseBody("one", more: true))
            _ = await scope.request?.connection?.waitForDisconnect()
            throw PAGIError(.clientDisconnected, "the reader saw the client go")
        }
        let stream = try await TestClient(app: app).stream("/")
        _ = try await stream.nextChunk()
        let response = try await stream.disconnect()
        #expect(response.text == "one")
    }
}
