import HTTPTypes
import NIOCore
import PAGI
@testable import PAGIMiddleware
import Synchronization
import PAGITesting
import Testing

@Suite struct RateLimitTests {
    static let ok = answer { _ in "ok" }

    /// A time that moves only when the test says, so that no refill depends on the machine's speed.
    final class ManualTime: Sendable {
        let instant = Mutex(ContinuousClock.now)
        func advance(by duration: Duration) { self.instant.withLock { $0 += duration } }
        var store: MemoryRateLimitStore { MemoryRateLimitStore(maxKeys: 100_000, now: { self.instant.withLock { $0 } }) }
    }

    @Test func aBurstPassesThenRequestsGet429WithTheBucketsState() async throws {
        let client = TestClient(app: RateLimit(requestsPerSecond: 1, burst: 3, store: ManualTime().store).wrap(Self.ok))
        for remaining in ["2", "1", "0"] {
            let response = try await client.get("/")
            #expect(response.status == .ok && response.text == "ok")
            #expect(response.headers["ratelimit-limit"] == "3" && response.headers["ratelimit-remaining"] == remaining)
        }
        let refused = try await client.get("/")
        #expect(refused.status == .tooManyRequests && refused.text == "Rate limit exceeded. Try again later.")
        #expect(refused.headers["retry-after"] == "1" && refused.headers["ratelimit-remaining"] == "0")
        #expect(refused.headers["ratelimit-reset"] == "3")
    }

    @Test func tokensComeBackAtTheRate() async throws {
        let time = ManualTime()
        let client = TestClient(app: RateLimit(requestsPerSecond: 5, burst: 1, store: time.store).wrap(Self.ok))
        #expect(try await client.get("/").status == .ok)
        #expect(try await client.get("/").status == .tooManyRequests)
        time.advance(by: .milliseconds(150))
        #expect(try await client.get("/").status == .tooManyRequests)
        time.advance(by: .milliseconds(60))
        #expect(try await client.get("/").status == .ok)
    }

    @Test func eachClientHasItsOwnBucketAndTheKeyIsAnOption() async throws {
        let limit = RateLimit(requestsPerSecond: 1, burst: 1, store: ManualTime().store)
        let app = limit.wrap(Self.ok)
        let one = TestClient(app: app) { $0.client = .tcp(host: "10.0.0.1", port: 1) }
        let two = TestClient(app: app) { $0.client = .tcp(host: "10.0.0.2", port: 1) }
        #expect(try await one.get("/").status == .ok)
        #expect(try await one.get("/").status == .tooManyRequests)
        #expect(try await two.get("/").status == .ok)
        let byUser = TestClient(app: RateLimit(requestsPerSecond: 0.1, burst: 1, key: { $0.headers["x-user"] ?? "-" }).wrap(Self.ok))
        #expect(try await byUser.get("/", headers: ["x-user": "a"]).status == .ok)
        #expect(try await byUser.get("/", headers: ["x-user": "b"]).status == .ok)
        #expect(try await byUser.get("/", headers: ["x-user": "a"]).status == .tooManyRequests)
    }

    @Test func theStoreIsAnOption() async throws {
        let store = MemoryRateLimitStore()
        let client = TestClient(app: RateLimit(requestsPerSecond: 0.01, burst: 2, store: store, key: { $0.path }).wrap(Self.ok))
        for path in ["/a", "/b", "/a"] { _ = try await client.get(path) }
        #expect(store.count == 2)
        #expect(await store.take(key: "/a", rate: 0.01, burst: 2).allowed == false)
    }

    @Test func webSocketsTakeATokenWhenTheyOpen() async throws {
        let client = TestClient(app: RateLimit(requestsPerSecond: 0.1, burst: 1).wrap(Self.ok))
        _ = try await client.websocket("/")
        await #expect(throws: TestClientError.self) { try await client.websocket("/") }
    }

    @Test func theMemoryStoreSweepsFullBucketsAndStaysBounded() async throws {
        let store = MemoryRateLimitStore(maxKeys: 4)
        for key in ["a", "b", "c", "d"] {
            #expect(await store.take(key: key, rate: 1_000, burst: 2).allowed)
        }
        #expect(store.count == 4)
        try await Task.sleep(for: .milliseconds(10))
        // Full: the buckets that refilled are dropped to make room.
        #expect(await store.take(key: "e", rate: 1_000, burst: 2).allowed)
        #expect(store.count == 1)
        // Still full of busy buckets: the least recently used quarter goes.
        let slow = MemoryRateLimitStore(maxKeys: 4)
        for key in ["a", "b", "c", "d"] { _ = await slow.take(key: key, rate: 0.001, burst: 1) }
        #expect(await slow.take(key: "a", rate: 0.001, burst: 1).allowed == false)
        #expect(await slow.take(key: "e", rate: 0.001, burst: 1).allowed)
        #expect(slow.count == 4)
        #expect(await slow.take(key: "b", rate: 0.001, burst: 1).allowed)
    }
}
