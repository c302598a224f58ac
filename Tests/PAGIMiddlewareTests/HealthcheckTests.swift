import PAGI
import PAGIMiddleware
import PAGITesting
import Testing

@Suite struct HealthcheckTests {
    struct Refused: Error, CustomStringConvertible {
        var description: String { "connection refused" }
    }

    static func client(_ healthcheck: Healthcheck) -> TestClient {
        TestClient(app: healthcheck.wrap(echoPath("app")))
    }

    @Test func livenessAnswersWithoutRunningChecks() async throws {
        let client = Self.client(Healthcheck(checks: [.init("never") { Issue.record("ran"); return false }]))
        let response = try await client.get("/health/live")
        #expect(response.status == .ok && response.text == #"{"status":"ok"}"#)
        #expect(response.headers["content-type"] == "application/json" && response.headers["cache-control"] == "no-cache, no-store")
    }

    @Test func readinessRunsTheChecks() async throws {
        let passing = Self.client(Healthcheck(checks: [.init("database") { true }, .init("cache") { true }]))
        let ready = try await passing.get("/health/ready")
        #expect(ready.status == .ok)
        #expect(ready.text == #"{"checks":{"cache":{"status":"ok"},"database":{"status":"ok"}},"status":"ok"}"#)
        let failing = Self.client(Healthcheck(checks: [
            .init("database") { true },
            .init("cache") { false },
            .init("queue") { throw Refused() },
        ]))
        let notReady = try await failing.get("/health/ready")
        #expect(notReady.status == .serviceUnavailable)
        #expect(notReady.text == #"{"checks":{"cache":{"message":"the check failed","status":"error"},"database":{"status":"ok"},"queue":{"message":"connection refused","status":"error"}},"status":"error"}"#)
    }

    @Test func withoutDetailsOnlyTheStatusIsShown() async throws {
        let client = Self.client(Healthcheck(checks: [.init("cache") { false }], includeDetails: false))
        let response = try await client.get("/health/ready")
        #expect(response.status == .serviceUnavailable && response.text == #"{"status":"error"}"#)
    }

    @Test func aCheckThatTakesTooLongFails() async throws {
        let client = Self.client(Healthcheck(checks: [
            .init("slow", timeout: .milliseconds(20)) { try await Task.sleep(for: .seconds(5)); return true },
            .init("default") { try await Task.sleep(for: .seconds(5)); return true },
        ], timeout: .milliseconds(30)))
        let response = try await client.get("/health/ready")
        #expect(response.status == .serviceUnavailable)
        #expect(response.text.contains(#""slow":{"message":"timed out after 0.02 seconds""#))
        #expect(response.text.contains(#""default":{"message":"timed out after 0.03 seconds""#))
    }

    @Test func aCheckThatIgnoresCancellationDoesNotHoldTheAnswer() async throws {
        // The check waits for the test to open the gate, cancelled or not: an answer that
        // waited for it would never come (the client gives up after 10 seconds).
        let (gate, open) = AsyncStream<Void>.makeStream()
        defer { open.finish() }
        let client = Self.client(Healthcheck(checks: [
            .init("stubborn", timeout: .milliseconds(20)) {
                await Task { for await _ in gate { break } }.value
                return true
            },
        ]))
        let response = try await client.get("/health/ready")
        #expect(response.status == .serviceUnavailable && response.text.contains("timed out after 0.02 seconds"))
    }

    @Test func checksRunConcurrently() async throws {
        // Each check waits for the other to start: run one after the other, both would time out.
        let (first, firstStarted) = AsyncStream<Void>.makeStream()
        let (second, secondStarted) = AsyncStream<Void>.makeStream()
        let client = Self.client(Healthcheck(checks: [
            .init("a") { firstStarted.yield(); for await _ in second { return true }; return false },
            .init("b") { secondStarted.yield(); for await _ in first { return true }; return false },
        ], timeout: .seconds(5)))
        #expect(try await client.get("/health/ready").status == .ok)
    }

    @Test func theSinglePathAddsATimestamp() async throws {
        let plain = try await Self.client(Healthcheck()).get("/health")
        #expect(plain.status == .ok && plain.text.hasPrefix(#"{"status":"ok","timestamp":"#))
        #expect(!plain.text.contains("checks"))
        let timestamp = try #require(plain.text.split(separator: ":").last.flatMap { Int($0.dropLast()) })
        #expect(timestamp > 1_700_000_000)
        let failing = try await Self.client(Healthcheck(checks: [.init("db") { false }])).get("/health")
        #expect(failing.status == .serviceUnavailable && failing.text.hasPrefix(#"{"checks":{"db":{"message":"the check failed","status":"error"}},"status":"error""#))
    }

    @Test func thePathsAreOptionsAndOtherPathsReachTheApplication() async throws {
        let client = Self.client(Healthcheck(path: nil, livePath: "/livez", readyPath: "/readyz"))
        #expect(try await client.get("/livez").text == #"{"status":"ok"}"#)
        #expect(try await client.get("/readyz").text == #"{"checks":{},"status":"ok"}"#)
        #expect(try await client.get("/health").text == "app /health ")
        #expect(try await client.get("/health/live").text == "app /health/live ")
        #expect(try await client.websocket("/livez").receiveText() == "app /livez ")
    }

    @Test func onlyGetAndHeadAreAnswered() async throws {
        let client = Self.client(Healthcheck())
        #expect(try await client.head("/health/live").status == .ok)
        let post = try await client.post("/health/live")
        #expect(post.status == .methodNotAllowed && post.headers["allow"] == "GET, HEAD")
    }
}
