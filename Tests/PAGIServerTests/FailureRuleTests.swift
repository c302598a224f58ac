import NIOCore
import PAGI
import PAGIExamples
import PAGIServer
import Testing

@Suite struct FailureRuleTests {
    @Test func anErrorBeforeTheStartIsA500() async throws {
        try await LiveServer.run(ExampleApps.errors) { server in
            let client = try await server.connect()
            try await client.send("GET /error HTTP/1.1\r\nHost: h\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.status == 500)
            #expect(response.body == "Internal Server Error")
            #expect(response.header("connection") == "close")
            #expect(try await client.isClosedByServer())
        }
    }

    @Test func anErrorAfterTheStartCutsTheConnection() async throws {
        try await LiveServer.run(ExampleApps.errors) { server in
            let client = try await server.connect()
            try await client.send("GET /error-after-start HTTP/1.1\r\nHost: h\r\n\r\n")
            let raw = try await client.readToEnd()
            #expect(raw.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(raw.contains("This response will be cut short"))
            #expect(!raw.hasSuffix("0\r\n\r\n"), "the chunked body must not look complete")
        }
    }

    @Test func noResponseAndBadOrderAre500s() async throws {
        try await LiveServer.run(ExampleApps.errors) { server in
            for path in ["/no-response", "/bad-order"] {
                let client = try await server.connect()
                try await client.send("GET \(path) HTTP/1.1\r\nHost: h\r\n\r\n")
                #expect(try await client.readResponse().status == 500, "\(path)")
            }
        }
    }

    @Test func anUnsupportedScopeTypeIsA500() async throws {
        let httpOnly: Application = { scope, _, send in
            guard case .http = scope else { throw PAGIError.unsupportedScope(scope.type) }
            try await send(.httpResponseStart(status: .ok))
            try await send(.httpResponseBody("plain"))
        }
        try await LiveServer.run(httpOnly) { server in
            let client = try await server.connect()
            try await client.send("GET /events HTTP/1.1\r\nHost: h\r\nAccept: text/event-stream\r\n\r\n")
            #expect(try await client.readResponse().status == 500)
        }
    }

    @Test func headerInjectionFailsTheSend() async throws {
        let app: Application = { _, _, send in
            do {
                try await send(.httpResponseStart(status: .ok, headers: ["x-evil": "a\r\nset-cookie: stolen=1"]))
            } catch let error as PAGIError {
                try await send(.httpResponseStart(status: .badRequest))
                try await send(.httpResponseBody(error.code.rawValue))
            }
        }
        try await LiveServer.run(app) { server in
            let client = try await server.connect()
            try await client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.status == 400)
            #expect(response.body == "invalid_event")
            #expect(response.header("set-cookie") == nil)
        }
    }
}
