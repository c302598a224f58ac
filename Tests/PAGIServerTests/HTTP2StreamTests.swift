import Foundation
import PAGI
import PAGIServer
import PAGIServerHTTP2
import Testing

/// HTTP/2 stream behaviour only a frame-level client can show (Python's `h2`): resets,
/// stream limits, floods, malformed requests, flow control, GOAWAY on shutdown.
@Suite(.serialized, .enabled(if: HTTP2Clients.hasPythonH2, "needs Python's h2 in .venv (python3 -m venv .venv && .venv/bin/pip install h2)"))
struct HTTP2StreamTests {
    @Test func aResetStreamDisconnectsOnlyThatStream() async throws {
        let app = try HTTP2TestApp()
        try await LiveServer.runH2C(app.app) { server in
            let result = try #require(try await HTTP2Clients.scenario("reset-mid-body", port: server.port) as? [String: Any])
            let other = try #require(result["other"] as? [String: Any])
            #expect(other["status"] as? Int == 200)
            #expect(other["body"] as? String == "Hello over HTTP/2")
            #expect(result["goaway"] is NSNull)
            // The application's receive returned the disconnect for the reset stream.
            for _ in 0..<50 where app.disconnects.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(20)) }
            #expect(app.disconnects.withLock { $0 } == ["client_closed"])
        }
    }

    /// A client that keeps to SETTINGS_MAX_CONCURRENT_STREAMS waits for a free stream: the
    /// application never sees more requests at once than the limit.
    @Test func streamsBeyondTheLimitWait() async throws {
        let app = try HTTP2TestApp()
        try await LiveServer.runH2C(app.app, options: { $0.maxConcurrentStreams = 4 }) { server in
            let result = try #require(try await HTTP2Clients.scenario("queued", port: server.port, ["10", "/slow"]) as? [String: Int])
            #expect(result["limit"] == 4)
            #expect(result["served"] == 10)
            #expect(app.mostAtOnce.withLock { $0.most } == 4)
        }
    }

    /// nio-http2 treats a HEADERS frame beyond the limit as a connection error (RFC 9113
    /// §5.1.2 allows a stream error): the client that ignored the limit gets GOAWAY
    /// `PROTOCOL_ERROR`; the server carries on.
    @Test func aClientThatIgnoresTheStreamLimitGetsGoAway() async throws {
        let app = try HTTP2TestApp()
        try await LiveServer.runH2C(app.app, options: { $0.maxConcurrentStreams = 4 }) { server in
            let result = try #require(try await HTTP2Clients.scenario("many-streams", port: server.port, ["10"]) as? [String: Any])
            #expect(result["goaway"] as? Int == 1)
            let next = try #require(try await HTTP2Clients.scenario("get", port: server.port, ["/"]) as? [[String: Any]])
            #expect(next.first?["status"] as? Int == 200)
        }
    }

    @Test func aFloodOfResetsGetsGoAwayAndTheServerCarriesOn() async throws {
        let app = try HTTP2TestApp()
        try await LiveServer.runH2C(app.app, options: { $0.resetBurst = 50; $0.resetRate = 10 }) { server in
            let result = try #require(try await HTTP2Clients.scenario("reset-flood", port: server.port, ["500"]) as? [String: Any])
            #expect(result["goaway"] as? Int == 11)  // ENHANCE_YOUR_CALM
            let next = try #require(try await HTTP2Clients.scenario("get", port: server.port, ["/"]) as? [[String: Any]])
            #expect(next.first?["status"] as? Int == 200)
        }
    }

    @Test func malformedRequestsAreStreamErrors() async throws {
        let app = try HTTP2TestApp()
        try await LiveServer.runH2C(app.app) { server in
            let result = try #require(try await HTTP2Clients.scenario("malformed", port: server.port) as? [String: [String: Any]])
            for name in ["uppercase", "connection", "te", "content-length"] {
                let outcome = try #require(result[name], "\(name)")
                // PROTOCOL_ERROR on the stream (or the connection), never a response.
                let code = (outcome["reset"] as? Int) ?? (outcome["goaway"] as? Int)
                #expect(code == 1, "\(name): \(outcome)")
                #expect(outcome["status"] is NSNull || outcome["status"] as? Int == 400, "\(name): \(outcome)")
            }
        }
    }

    @Test func flowControlOpensTheWindowAsTheApplicationReads() async throws {
        let app = try HTTP2TestApp()
        try await LiveServer.runH2C(app.app, options: { $0.initialWindowSize = 16_384 }) { server in
            let result = try #require(try await HTTP2Clients.scenario("upload", port: server.port, ["200000"]) as? [String: Any])
            #expect(result["status"] as? Int == 200)
            #expect(result["body"] as? String == "received 200000")
        }
    }

    /// The application's `send` waits while the client's window is closed: it gets only a
    /// few pieces ahead of a client that does not read, then all arrive once it does.
    @Test func sendWaitsForTheClientsWindow() async throws {
        let app = try HTTP2TestApp()
        try await LiveServer.runH2C(app.app) { server in
            async let result = HTTP2Clients.scenario("slow-reader", port: server.port, ["1.5"])
            try await Task.sleep(for: .milliseconds(1000))
            let sentWhilePaused = app.piecesSent.withLock { $0 }
            #expect(sentWhilePaused <= 4, "\(sentWhilePaused) pieces of 16 KiB sent to a client with a 16 KiB window")
            let outcome = try #require(try await result as? [String: Any])
            #expect(outcome["status"] as? Int == 200)
            #expect(outcome["bytes"] as? Int == 100 * 16_384)
            #expect(app.piecesSent.withLock { $0 } == 100)
        }
    }

    @Test func bodiesOverTheLimitGet413() async throws {
        let app = try HTTP2TestApp()
        try await LiveServer.runH2C(app.app, configure: { $0.maxBodySize = 50_000 }) { server in
            // Declared too large: refused before the application runs.
            let declared = try #require(try await HTTP2Clients.scenario("upload", port: server.port, ["100000"]) as? [String: Any])
            #expect(declared["status"] as? Int == 413)
            // Growing too large: the application sees the disconnect, the client a 413.
            let undeclared = try #require(try await HTTP2Clients.scenario("upload", port: server.port, ["100000", "undeclared"]) as? [String: Any])
            #expect(undeclared["status"] as? Int == 413)
            for _ in 0..<50 where app.disconnects.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(20)) }
            #expect(app.disconnects.withLock { $0 } == ["body_too_large"])
        }
    }

    @Test func idleConnectionsAndSilentClientsAreClosedAfterTheKeepAliveTimeout() async throws {
        let app = try HTTP2TestApp()
        try await LiveServer.runH2C(app.app, configure: { $0.timeoutKeepAlive = .milliseconds(500) }) { server in
            // An HTTP/2 connection without streams: GOAWAY (NO_ERROR), then closed.
            let result = try #require(try await HTTP2Clients.scenario("idle", port: server.port) as? [String: Any])
            #expect(result["goaway"] as? Int == 0)
            #expect((result["seconds"] as? Double).map { $0 >= 0.4 && $0 < 3 } == true, "\(result)")
            // A cleartext client that never sends its first bytes (preface or request).
            let silent = try await server.connect()
            #expect(try await silent.isClosedByServer(timeout: .seconds(3)))
        }
    }

    @Test func gracefulShutdownSendsGoAwayAndLetsOpenStreamsFinish() async throws {
        let app = try HTTP2TestApp()
        try await LiveServer.runH2C(app.app) { server in
            app.onSlow.withLock { $0 = { Task { await server.shutdown() } } }
            let result = try #require(try await HTTP2Clients.scenario("graceful", port: server.port) as? [String: Any])
            #expect(result["status"] as? Int == 200)
            #expect(result["body"] as? String == "slow")
            #expect(result["ended"] as? Bool == true)
            // GOAWAY with NO_ERROR, the last one naming the stream in flight (it finished).
            let goaways = try #require(result["goaway"] as? [[String: Int]])
            #expect(!goaways.isEmpty && goaways.allSatisfy { $0["error"] == 0 })
            #expect(goaways.last?["last_stream_id"] == 1)
            // The connection closed once its stream was done, well before the shutdown timeout.
            #expect(goaways.count == 2)
        }
    }
}
