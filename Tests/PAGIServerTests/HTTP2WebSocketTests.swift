import Foundation
import NIOCore
import PAGI
import PAGIExamples
import PAGIServer
import PAGIServerHTTP2
import Testing

/// WebSocket over HTTP/2 (RFC 8441 extended CONNECT), live with Python's `h2` driving
/// `Tests/Conformance/h2_websocket.py`: the `websocket-echo` example behind a few routes.
@Suite(.serialized, .enabled(if: HTTP2Clients.hasPythonH2, "needs Python's h2 in .venv (python3 -m venv .venv && .venv/bin/pip install h2)"))
struct HTTP2WebSocketTests {
    /// `websocket-echo`, except `/deny` (closes before accepting: 403), `/unauthorized` (its
    /// own denial response) and plain HTTP requests (`plain`).
    static let app: Application = { scope, receive, send in
        switch (scope.type, scope.request?.path) {
        case (.http, _):
            try await send(.httpResponseStart(status: .ok, headers: ["content-type": "text/plain"]))
            try await send(.httpResponseBody("plain"))
        case (.websocket, "/deny"):
            _ = try await receive()
            try await send(.websocketClose())
        case (.websocket, "/unauthorized"):
            _ = try await receive()
            try await send(.websocketHTTPResponseStart(ResponseStart(status: .unauthorized, headers: ["www-authenticate": "Bearer"])))
            try await send(.websocketHTTPResponseBody(ByteBuffer(string: "who are you?")))
        default:
            try await ExampleApps.websocketEcho(scope, receive, send)
        }
    }

    /// Runs the `echo` scenario on `path` and hands what the client saw to `check`.
    private func echo(
        _ path: String,
        subprotocols: String? = nil,
        options: (inout HTTP2Options) -> Void = { _ in },
        check: @escaping @Sendable ([String: Any]) throws -> Void
    ) async throws {
        try await LiveServer.runH2C(Self.app, options: options) { server in
            let arguments = [path] + (subprotocols.map { [$0] } ?? [])
            try check(try #require(try await HTTP2Clients.scenario("echo", port: server.port, arguments, script: HTTP2Clients.webSocketScript) as? [String: Any]))
        }
    }

    @Test func messagesPingAndTheCloseHandshakeOverAStream() async throws {
        try await self.echo("/chat") { result in
            #expect(result["enable_connect_protocol"] as? Int == 1)
            #expect(result["status"] as? Int == 200)
            let headers = try #require(result["headers"] as? [String: String])
            #expect(headers["sec-websocket-accept"] == nil)
            let frames = try #require(result["frames"] as? [[String: Any]])
            #expect(frames.map { $0["opcode"] as? Int } == [1, 2, 10, 8])
            #expect(frames.first?["text"] as? String == "hello h2")
            #expect(result["binary"] as? String == "000102ff")
            #expect(frames.dropFirst(2).first?["text"] as? String == "p1")
            #expect(frames.last?["code"] as? Int == 1000)
            #expect(result["ended"] as? Bool == true)
        }
    }

    @Test func theApplicationChoosesASubprotocol() async throws {
        try await self.echo("/chat", subprotocols: "superchat, chat") { result in
            let headers = try #require(result["headers"] as? [String: String])
            #expect(headers["sec-websocket-protocol"] == "superchat")
        }
    }

    @Test func aDeniedHandshakeIsAnOrdinaryResponse() async throws {
        try await self.echo("/deny") { forbidden in
            #expect(forbidden["status"] as? Int == 403)
            #expect(forbidden["ended"] as? Bool == true)
        }
        try await self.echo("/unauthorized") { unauthorized in
            #expect(unauthorized["status"] as? Int == 401)
            #expect((unauthorized["headers"] as? [String: String])?["www-authenticate"] == "Bearer")
            #expect(unauthorized["body"] as? String == "who are you?")
        }
    }

    @Test func twoWebSocketsAndARequestShareAConnection() async throws {
        try await LiveServer.runH2C(Self.app) { server in
            let result = try #require(try await HTTP2Clients.scenario("multiplexed", port: server.port, script: HTTP2Clients.webSocketScript) as? [String: [String: Any]])
            #expect((result["1"]?["frames"] as? [[String: Any]])?.first?["text"] as? String == "first")
            #expect((result["3"]?["frames"] as? [[String: Any]])?.first?["text"] as? String == "second")
            #expect(result["5"]?["status"] as? Int == 200)
            #expect(result["5"]?["body"] as? String == "plain")
        }
    }

    /// A CONNECT tunnel, or extended CONNECT for another protocol, is not served: 501.
    @Test func otherConnectRequestsAreNotImplemented() async throws {
        try await LiveServer.runH2C(Self.app) { server in
            for protocolName in ["none", "chat"] {
                let result = try #require(try await HTTP2Clients.scenario("connect", port: server.port, [protocolName], script: HTTP2Clients.webSocketScript) as? [String: Any])
                #expect(result["status"] as? Int == 501, "\(protocolName)")
            }
        }
    }

    /// Off, the server does not offer extended CONNECT: nio-http2 refuses `:protocol` as a
    /// malformed request (RST_STREAM PROTOCOL_ERROR) before the application sees it.
    @Test func withoutTheOptionExtendedConnectIsRefused() async throws {
        try await self.echo("/chat", options: { $0.webSocket = false }) { result in
            #expect(result["enable_connect_protocol"] as? Int == 0)
            #expect(result["status"] is NSNull)
            #expect(result["reset"] as? Int == 1)
        }
    }
}
