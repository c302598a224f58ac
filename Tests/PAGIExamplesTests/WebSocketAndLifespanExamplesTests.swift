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
