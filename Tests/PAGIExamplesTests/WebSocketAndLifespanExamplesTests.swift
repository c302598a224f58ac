import NIOCore
import PAGI
import PAGIExamples
import PAGITesting
import Testing

@Suite struct WebSocketEchoExampleTests {
    @Test func echoesUntilTheClientCloses() async throws {
        let ws = try await TestClient(app: ExampleApps.websocketEcho).websocket("/", subprotocols: ["echo.v1"])
        #expect(ws.subprotocol == "echo.v1")
        try await ws.send(text: "hi λ")
        #expect(try await ws.receiveText() == "hi λ")
        try await ws.send(binary: ByteBuffer(bytes: [1, 2, 3]))
        #expect(try await ws.receiveBinary() == ByteBuffer(bytes: [1, 2, 3]))
        try await ws.close()
    }

    @Test func endsWhenTheClientDrops() async throws {
        let ws = try await TestClient(app: ExampleApps.websocketEcho).websocket("/")
        try await ws.drop()
    }
}

@Suite struct LifespanExampleTests {
    @Test func answersFromTheStateSetAtStartup() async throws {
        let client = TestClient(app: ExampleApps.lifespan)
        try await client.withLifespan {
            let first = try await client.get("/")
            let second = try await client.get("/")
            #expect(first.text == "Hello from lifespan via shared state (request 1)")
            #expect(second.text == "Hello from lifespan via shared state (request 2)")
        }
        #expect(client.state[.greeting] == "Hello from lifespan")
    }

    @Test func worksWithoutLifespan() async throws {
        let response = try await TestClient(app: ExampleApps.lifespan).get("/")
        #expect(response.text == "Hello (no lifespan state) via shared state (request 0)")
    }
}

@Suite struct TLSInfoExampleTests {
    @Test func reportsCleartext() async throws {
        #expect(try await TestClient(app: ExampleApps.tlsInfo).get("/").text == "Connection is not using TLS")
    }

    @Test func reportsTheTLSExtension() async throws {
        let client = TestClient(app: ExampleApps.tlsInfo) {
            $0.scheme = "https"
            $0.extensions.tls = TLSInfo(clientCertChain: ["-----BEGIN CERTIFICATE-----"], clientCertName: "CN=alice,O=Example", tlsVersion: 0x0304, cipherSuite: 0x1301)
        }
        struct Report: Decodable, Equatable {
            let tls_version: String
            let cipher_suite: String
            let client_cert_name: String
            let client_cert_chain_length: Int
            let scheme: String
        }
        let report = try await client.get("/").json(as: Report.self)
        #expect(report == Report(tls_version: "0x0304", cipher_suite: "0x1301", client_cert_name: "CN=alice,O=Example", client_cert_chain_length: 1, scheme: "https"))
    }
}

@Suite struct WebSocketFeaturesExampleTests {
    let client = TestClient(app: ExampleApps.websocketFeatures)

    @Test func choosesASubprotocolItSpeaks() async throws {
        #expect(try await self.client.websocket("/echo", subprotocols: ["mqtt", "chat.v1", "chat.v2"]).subprotocol == "chat.v1")
        #expect(try await self.client.websocket("/echo", subprotocols: ["mqtt"]).subprotocol == nil)
    }

    @Test func deniesWithoutTheTokenAndRejectsWith403() async throws {
        await #expect(throws: TestClientError.self) { _ = try await self.client.websocket("/private") }
        do {
            _ = try await self.client.websocket("/private")
        } catch TestClientError.websocketDenied(let response) {
            #expect(response.status == .unauthorized && response.text == #"{"error":"unauthorized"}"#)
        }
        let ws = try await self.client.websocket("/private", headers: ["authorization": "Bearer letmein"])
        try await ws.send(text: "in")
        #expect(try await ws.receiveText() == "in")
        do {
            _ = try await self.client.websocket("/reject")
            Issue.record("/reject accepted")
        } catch TestClientError.websocketDenied(let response) {
            #expect(response.status == .forbidden)
        }
    }

    @Test func closesWithTheCodeAskedForAndAsksForKeepalive() async throws {
        let closing = try await self.client.websocket("/close?code=4001&reason=done")
        do {
            _ = try await closing.receive()
            Issue.record("no close")
        } catch TestClientError.websocketClosed(let code, let reason) {
            #expect(code == 4001 && reason == "done")
        }
        let pinged = try await self.client.websocket("/keepalive?interval=0.25&timeout=1")
        #expect(pinged.keepalive?.interval == .milliseconds(250) && pinged.keepalive?.timeout == .seconds(1))
    }
}
