#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import NIOCore
import Logging
import PAGI
import PAGISimple
import PAGITesting
import Synchronization
import Testing

@Suite struct BackgroundWorkTests {
    /// A background task still running after the grace period is cancelled at shutdown,
    /// and the shutdown completes.
    @Test func shutdownCancelsWhatOutlivesTheGracePeriod() async throws {
        let log = EventLog()
        let app = SimpleApp()
        app.backgroundGracePeriod = .milliseconds(50)
        app.get("/start") { context in
            context.background("sleeper") {
                log.record("started")
                do {
                    try await Task.sleep(for: .seconds(3600))
                    log.record("woke up")
                } catch {
                    log.record("cancelled")
                    throw error
                }
            }
            return .text("started")
        }
        let client = TestClient(app: app.application)
        try await client.withLifespan {
            let answer = try await client.get("/start").text
            #expect(answer == "started")
        }
        #expect(log.all == ["started", "cancelled"])
    }

    /// A background task that finishes within the grace period is waited for, not cancelled;
    /// a shutdown hook runs first (here it lets the task finish).
    @Test func shutdownWaitsForTasksThatFinishInTime() async throws {
        let log = EventLog()
        let gate = AsyncGate()
        let app = SimpleApp()
        app.backgroundGracePeriod = .seconds(30)
        app.onStartup { app in
            app.background {
                await gate.wait()
                try await Task.sleep(for: .milliseconds(20))
                log.record(Task.isCancelled ? "cancelled" : "finished")
            }
        }
        app.onShutdown { _ in
            log.record("shutdown hook")
            gate.open()
        }
        let client = TestClient(app: app.application)
        try await client.withLifespan {}
        #expect(log.all == ["shutdown hook", "finished"])
    }

    /// A background loop can watch `isShuttingDown` and end without being cancelled.
    @Test func loopsCanSeeTheShutdownComing() async throws {
        let log = EventLog()
        let app = SimpleApp()
        app.backgroundGracePeriod = .seconds(30)
        app.onStartup { app in
            app.background("poller") {
                while !app.isShuttingDown { try await Task.sleep(for: .milliseconds(5)) }
                log.record("stopped by the flag")
            }
        }
        try await TestClient(app: app.application).withLifespan {}
        #expect(log.all == ["stopped by the flag"])
    }

    /// An error thrown by a background task is logged with its name.
    @Test func backgroundErrorsAreLogged() async throws {
        let recorder = RecordingLogHandler()
        let app = SimpleApp(logger: Logger(label: "test") { _ in recorder })
        app.get("/") { context in
            context.background("flaky") { throw Boom() }
            return .text("ok")
        }
        let client = TestClient(app: app.application)
        try await client.withLifespan {
            _ = try await client.get("/")
        }
        let errors = recorder.entries.filter { $0.level == .error }.map(\.message)
        #expect(errors == ["Background task 'flaky' failed: boom"])
    }

    /// `runBlocking` closures run on the application's own threads: more of them than Swift's
    /// cooperative pool has threads can block at the same time (each waits until all have
    /// arrived, which on the cooperative pool would never happen).
    @Test func runBlockingLeavesTheCooperativePool() async throws {
        let count = System.coreCount + 4
        let arrived = Atomic(0)
        let app = SimpleApp()
        app.blockingThreadCount = count
        app.get("/") { context in
            let allArrived = try await context.runBlocking {
                arrived.add(1, ordering: .relaxed)
                let deadline = ContinuousClock.now + .seconds(10)
                while arrived.load(ordering: .relaxed) < count, ContinuousClock.now < deadline { usleep(1000) }
                return arrived.load(ordering: .relaxed) == count
            }
            return .text(allArrived ? "together" : "alone")
        }
        let client = TestClient(app: app.application) { $0.timeout = .seconds(20) }
        try await client.withLifespan {
            let answers = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<count { group.addTask { try await client.get("/").text } }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(answers == Array(repeating: "together", count: count))
        }
    }

    /// With two threads, a third blocking closure waits until one of the first two ends.
    @Test func runBlockingIsBounded() async throws {
        let running = Atomic(0)
        let release = DispatchSemaphore(value: 0)
        let app = SimpleApp()
        app.blockingThreadCount = 2
        app.get("/block") { context in
            let order = try await context.runBlocking {
                let order = running.add(1, ordering: .relaxed).newValue
                _ = release.wait(timeout: .now() + .seconds(10))
                return order
            }
            return .text("\(order)")
        }
        let client = TestClient(app: app.application)
        try await client.withLifespan {
            try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<4 { group.addTask { try await client.get("/block").text } }
                for _ in 0..<2000 where running.load(ordering: .relaxed) < 2 { try await Task.sleep(for: .milliseconds(5)) }
                try await Task.sleep(for: .milliseconds(100))  // Time enough for a third to start, were there a thread.
                #expect(running.load(ordering: .relaxed) == 2)
                for _ in 0..<4 { release.signal() }
                let orders = try await group.reduce(into: Set<String>()) { $0.insert($1) }
                #expect(orders == ["1", "2", "3", "4"])
            }
        }
    }

    /// A caller cancelled while its closure waits for a thread never runs it, and gets a
    /// `CancellationError`; the closure that holds the thread runs to its end.
    @Test func aCancelledCallerSkipsItsClosure() async throws {
        let log = EventLog()
        let release = DispatchSemaphore(value: 0)
        let app = SimpleApp()
        app.blockingThreadCount = 1
        app.get("/") { context in
            let holder = Task {
                try await context.runBlocking {
                    log.record("holding")
                    return release.wait(timeout: .now() + .seconds(10)) == .success
                }
            }
            for _ in 0..<2000 where log.all.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
            let waiting = Task { try await context.runBlocking { log.record("skipped closure ran") } }
            waiting.cancel()
            release.signal()
            let outcome = await waiting.result
            let cancelled = if case .failure(let error) = outcome { error is CancellationError } else { false }
            return .text("cancelled: \(cancelled), holder released: \(try await holder.value)")
        }
        let client = TestClient(app: app.application)
        try await client.withLifespan {
            let answer = try await client.get("/").text
            #expect(answer == "cancelled: true, holder released: true")
        }
        #expect(log.all == ["holding"])
    }
}

/// A gate tasks wait at until it is opened.
final class AsyncGate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { continuation in
            let open = self.state.withLock { state in
                if !state.open { state.waiters.append(continuation) }
                return state.open
            }
            if open { continuation.resume() }
        }
    }

    func open() {
        let waiters = self.state.withLock { state in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
