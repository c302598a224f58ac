import NIOCore
import PAGI
import PAGIExamples
import PAGIServer
import Synchronization
import Testing

@Suite struct SSEServingTests {
    @Test func streamsEventsOverTheWire() async throws {
        try await LiveServer.run(ExampleApps.sse(interval: .milliseconds(10), ticks: 2)) { server in
            let client = try await server.connect()
            try await client.send("GET /events HTTP/1.1\r\nHost: h\r\nAccept: text/event-stream\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.status == 200)
            #expect(response.header("content-type") == "text/event-stream")
            #expect(response.header("cache-control") == "no-cache")
            #expect(response.header("transfer-encoding") == "chunked")
            #expect(response.body.hasPrefix("event: welcome\ndata: Welcome to PAGI 👋\ndata: λ → streams of events\ndata: Σ UTF-8 on every line\n\n"))
            #expect(response.body.contains("event: tick\nid: 2\ndata: "))
            #expect(try await client.isClosedByServer())
        }
    }

    @Test func sseWorksOnAnyMethodAndReadsTheBody() async throws {
        let app: Application = { scope, receive, send in
            guard case .sse(let request) = scope else { throw PAGIError.unsupportedScope(scope.type) }
            let body = try await readBody(from: receive)
            try await send(.sseStart(status: .ok))
            try await send(.sseSend(data: "\(request.method.rawValue) \(String(buffer: body))"))
            try await send(.sseClose(reason: "done"))
        }
        try await LiveServer.run(app) { server in
            let client = try await server.connect()
            try await client.send("POST /e HTTP/1.1\r\nHost: h\r\nAccept: text/event-stream\r\nContent-Length: 4\r\n\r\nping")
            #expect(try await client.readResponse().body == "data: POST ping\n\n")
        }
    }

    @Test func aDeclineIsAnOrdinaryResponse() async throws {
        let app: Application = { scope, _, send in
            guard case .sse = scope else { throw PAGIError.unsupportedScope(scope.type) }
            try await send(.sseHTTPResponseStart(ResponseStart(status: .noContent)))
            try await send(.sseHTTPResponseBody(ByteBuffer()))
        }
        try await LiveServer.run(app) { server in
            let client = try await server.connect()
            try await client.send("GET / HTTP/1.1\r\nHost: h\r\nAccept: text/event-stream\r\n\r\n")
            #expect(try await client.readResponse().status == 204)
        }
    }

    @Test func keepaliveCommentsFillIdleTime() async throws {
        let app: Application = { scope, _, send in
            guard case .sse = scope else { throw PAGIError.unsupportedScope(scope.type) }
            try await send(.sseStart(status: .ok))
            try await send(.sseKeepalive(interval: .milliseconds(30), comment: "ping"))
            // Forty intervals, so that two comments arrive even on a machine under load (with
            // twenty, a full parallel test run once saw fewer).
            try await Task.sleep(for: .milliseconds(1200))
            try await send(.sseClose())
        }
        try await LiveServer.run(app) { server in
            let client = try await server.connect()
            try await client.send("GET / HTTP/1.1\r\nHost: h\r\nAccept: text/event-stream\r\n\r\n")
            let body = try await client.readResponse().body
            #expect(body.components(separatedBy: ":ping\n\n").count >= 3, "\(body.debugDescription)")
        }
    }

    @Test func theClientLeavingIsSeenWhileTheAppOnlySends() async throws {
        let seen = Box<InboundEvent?>(nil)
        let sentAfter = Box(0)
        let app: Application = { scope, receive, send in
            guard case .sse = scope else { throw PAGIError.unsupportedScope(scope.type) }
            try await send(.sseStart(status: .ok))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    while true {
                        let event = try await receive()
                        if case .sseDisconnect = event {
                            seen.withLock { $0 = event }
                            return
                        }
                    }
                }
                group.addTask {
                    while true {
                        try await send(.sseSend(data: "tick"))
                        if seen.withLock({ $0 }) != nil { sentAfter.withLock { $0 += 1 } }
                        try await Task.sleep(for: .milliseconds(5))
                    }
                }
                try await group.next()
                group.cancelAll()
            }
        }
        try await LiveServer.run(app) { server in
            let client = try await server.connect()
            try await client.send("GET / HTTP/1.1\r\nHost: h\r\nAccept: text/event-stream\r\n\r\n")
            try await Task.sleep(for: .milliseconds(50))
            await client.close()
            for _ in 0..<100 where seen.withLock({ $0 }) == nil {
                try await Task.sleep(for: .milliseconds(10))
            }
            guard case .sseDisconnect(let reason)? = seen.withLock({ $0 }) else {
                Issue.record("the application did not see the disconnect")
                return
            }
            #expect(reason == .clientClosed)
        }
    }
}
