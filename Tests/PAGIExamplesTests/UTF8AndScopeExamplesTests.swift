import NIOCore
import PAGI
import PAGIExamples
import PAGITesting
import Testing

struct UTF8Report: Decodable, Equatable {
    let source: String
    let text: String
    let characters: Int
    let utf8_bytes: Int
    let codepoints: [String]
    let raw_path: String?
}

@Suite struct UTF8ExampleTests {
    let client = TestClient(app: ExampleApps.utf8)

    @Test func roundTripsThePath() async throws {
        let report = try await client.get("/echo/λ🔥").json(as: UTF8Report.self)
        #expect(report.source == "path")
        #expect(report.text == "λ🔥")
        #expect(report.characters == 2 && report.utf8_bytes == 6)
        #expect(report.codepoints == ["U+03BB", "U+1F525"])
        #expect(report.raw_path == "/echo/%CE%BB%F0%9F%94%A5")
    }

    @Test func anInvalidUTF8PathKeepsItsBytes() async throws {
        let report = try await client.get("/echo/caf%E9").json(as: UTF8Report.self)
        #expect(report.text == "café")
        #expect(report.codepoints.last == "U+00E9")
        #expect(report.raw_path == "/echo/caf%E9")
    }

    @Test func roundTripsTheQuery() async throws {
        let report = try await client.get("/?text=%E4%B8%AD%E6%96%87+%E2%99%A5").json(as: UTF8Report.self)
        #expect(report.source == "query string")
        #expect(report.text == "中文 ♥")
        #expect(report.utf8_bytes == 10)
    }

    @Test func roundTripsAFormBody() async throws {
        let response = try await client.post(
            "/", headers: ["content-type": "application/x-www-form-urlencoded"], body: "text=caf%C3%A9+%F0%9F%94%A5"
        )
        let report = try response.json(as: UTF8Report.self)
        #expect(report.source == "body")
        #expect(report.text == "café 🔥")
        #expect(response.headers["content-length"] == "\(response.body.readableBytes)")
    }

    @Test func roundTripsWebSocketText() async throws {
        let ws = try await client.websocket("/")
        try await ws.send(text: "♥ café")
        let reply = try await ws.receiveText()
        #expect(reply.contains("\"text\":\"♥ café\""))
        #expect(reply.contains("\"utf8_bytes\":9"))
        try await ws.close()
    }

    @Test func servesSamplesWithoutInput() async throws {
        let page = try await client.get("/").text
        #expect(page.contains("/echo/%CE%BB"))
    }
}

@Suite struct ScopeExampleTests {
    struct ScopeJSON: Decodable {
        let type: String
        let http_version: String
        let method: String?
        let scheme: String
        let path: String
        let raw_path: String
        let query_string: String
        let root_path: String
        let headers: [[String]]
        let client: [ClientPart]
        let subprotocols: [String]?
        let state: [String: String]
    }

    enum ClientPart: Decodable, Equatable {
        case text(String)
        case number(Int)
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) { self = .number(number) } else { self = .text(try container.decode(String.self)) }
        }
    }

    @Test func answersHTTPWithItsScope() async throws {
        let client = TestClient(app: ExampleApps.scope) { $0.rootPath = "/mounted" }
        try await client.withLifespan {
            client.state["site"] = "demo"
            let response = try await client.get("/a%20b/λ?x=1&y=%C3%A9", headers: ["x-first": "1", "X-Second": "2"])
            let scope = try response.json(as: ScopeJSON.self)
            #expect(scope.type == "http")
            #expect(scope.http_version == "1.1")
            #expect(scope.method == "GET")
            #expect(scope.path == "/a b/λ")
            #expect(scope.raw_path == "/a%20b/%CE%BB")
            #expect(scope.query_string == "x=1&y=%C3%A9")
            #expect(scope.root_path == "/mounted")
            #expect(scope.headers == [["host", "testserver"], ["x-first", "1"], ["x-second", "2"]])
            #expect(scope.client == [.text("127.0.0.1"), .number(50_000)])
            #expect(scope.state == ["site": "demo"])
            #expect(response.text.contains("\"extensions\":{\"fullflush\":{},\"websocket.http.response\":{}}"))
        }
    }

    @Test func answersWebSocketAndSSE() async throws {
        let client = TestClient(app: ExampleApps.scope)
        let ws = try await client.websocket("/ws", subprotocols: ["a", "b"])
        #expect(ws.subprotocol == "a")
        let json = try await ws.receiveText()
        #expect(json.contains("\"type\":\"websocket\"") && json.contains("\"subprotocols\":[\"a\",\"b\"]") && json.contains("\"scheme\":\"ws\""))
        #expect(try await ws.waitForClose().code == .normalClosure)

        let events = try await client.sse("/events").collect()
        #expect(events.count == 1)
        #expect(events[0].event == "scope")
        #expect(events[0].data.contains("\"type\":\"sse\""))
    }
}

@Suite struct ExampleRegistryTests {
    @Test func everyExampleIsRegistered() {
        #expect(ExampleApps.names == ["behind-proxy", "bench", "echo", "errors", "fullflush", "hello", "lifespan", "scope", "sse", "stream", "tls-info", "utf8", "websocket-echo", "websocket-features", "workers"])
        #expect(ExampleApps.named("hello") != nil)
        #expect(ExampleApps.named("nope") == nil)
    }
}

@Suite struct BehindProxyExampleTests {
    /// Without a proxy in front: `/whoami` tells what the app sees, and files are handed off
    /// through `X-Accel-Redirect` (the live run behind nginx is `.ci/proxy.sh`).
    @Test func whoamiAndTheHandOff() async throws {
        let client = TestClient(app: ExampleApps.all["behind-proxy"]!)
        #expect(try await client.get("/whoami").text == #"{"client":"127.0.0.1","scheme":"http","host":"testserver","root_path":""}"#)
        let file = try await client.get("/Package.swift")
        #expect(file.status == .ok && file.headers.first("x-accel-redirect") == "/protected/Package.swift" && file.body.readableBytes == 0)
        #expect(try await client.get("/nothing-here").status == .notFound)
    }
}
