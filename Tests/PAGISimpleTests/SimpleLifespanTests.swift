import PAGI
import PAGISimple
import PAGITesting
import Testing

extension ScopeKey where Value == String {
    static let motto = ScopeKey("test.motto")
}

@Suite struct SimpleLifespanTests {
    /// The message of the `lifespan.startup.failed` or `lifespan.shutdown.failed` that
    /// `step` (the client's startup or shutdown) met, if any.
    static func failure(of step: () async throws -> Void) async -> String? {
        do {
            try await step()
            return nil
        } catch TestClientError.lifespanStartupFailed(let message), TestClientError.lifespanShutdownFailed(let message) {
            return message
        } catch {
            return "unexpected: \(error)"
        }
    }

    /// Startup makes the singletons in registration order, then runs the startup hooks in
    /// order; shutdown runs the shutdown hooks last first, then shuts the singletons down,
    /// newest first.
    @Test func startupAndShutdownRunInOrder() async throws {
        let log = EventLog()
        let app = SimpleApp()
        app.service(First.self, .singleton) { _ in First(log) }
        app.service(Second.self, .singleton) { _ in Second(log) }
        app.onStartup { _ in log.record("startup 1") }
        app.onStartup { app in log.record("startup 2 sees \(try await app.service(First.self).probe.name)") }
        app.onShutdown { _ in log.record("shutdown hook 1") }
        app.onShutdown { _ in log.record("shutdown hook 2") }
        app.get("/") { context in .text("\(try await context.service(Second.self).probe.serial)") }
        let client = TestClient(app: app.application)
        try await client.startup()
        #expect(log.all == ["make First", "make Second", "startup 1", "startup 2 sees First"])
        _ = try await client.get("/")
        try await client.shutdown()
        #expect(log.all.dropFirst(4) == ["shutdown hook 2", "shutdown hook 1", "shutdown Second", "shutdown First"])
    }

    /// A singleton that fails at startup fails the lifespan with its name and error; the
    /// singletons made before it are shut down.
    @Test func aFailingSingletonFailsTheStartup() async throws {
        let log = EventLog()
        let app = SimpleApp(name: "Shop")
        app.service(First.self, .singleton) { _ in First(log) }
        app.service(Int.self, .singleton) { _ in throw Boom() }
        app.onStartup { _ in log.record("startup hook") }
        let client = TestClient(app: app.application)
        #expect(await Self.failure(of: client.startup) == "Shop: The service Int failed to start: boom")
        #expect(log.all == ["make First", "shutdown First"])
    }

    /// A startup hook that throws fails the lifespan, naming the hook by where it was registered.
    @Test func aFailingStartupHookFailsTheStartup() async throws {
        let app = SimpleApp(name: "Shop")
        app.onStartup { _ in throw Boom() }; let line = #line
        let client = TestClient(app: app.application)
        #expect(await Self.failure(of: client.startup) == "Shop: The startup hook at PAGISimpleTests/SimpleLifespanTests.swift:\(line) failed: boom")
    }

    /// What a startup hook stores in the lifespan state reaches every request.
    @Test func startupHooksFillTheLifespanState() async throws {
        let app = SimpleApp()
        app.onStartup { app in app.state[.motto] = "Keep calm" }
        app.get("/") { context in .text(context.request.state[.motto] ?? "no state") }
        let client = TestClient(app: app.application)
        try await client.withLifespan {
            let answer = try await client.get("/").text
            #expect(answer == "Keep calm")
        }
    }

    /// Failures at shutdown do not stop the other steps, and are reported together.
    @Test func shutdownFailuresAreReported() async throws {
        struct Fragile: SimpleService {
            func shutdown() async throws { throw Boom() }
        }
        let log = EventLog()
        let app = SimpleApp(name: "Shop")
        app.service(First.self, .singleton) { _ in First(log) }
        app.service(Fragile.self, .singleton) { Fragile() }
        app.onShutdown { _ in throw Boom() }; let line = #line
        let client = TestClient(app: app.application)
        try await client.startup()
        let expected = "Shop: The shutdown hook at PAGISimpleTests/SimpleLifespanTests.swift:\(line) failed: boom; Shop: The service Fragile failed to shut down: boom"
        #expect(await Self.failure(of: client.shutdown) == expected)
        #expect(log.all == ["make First", "shutdown First"])
    }

    /// A lifespan after a shutdown starts the application afresh.
    @Test func anApplicationCanStartAgain() async throws {
        let log = EventLog()
        let app = SimpleApp()
        app.service(First.self, .singleton) { _ in First(log) }
        let application = app.application
        try await TestClient(app: application).withLifespan {}
        try await TestClient(app: application).withLifespan {}
        #expect(log.all == ["make First", "shutdown First", "make First", "shutdown First"])
    }

    /// A mounted Simple application starts inside its parent's lifespan (after the parent) and
    /// stops before it; its handlers find the parent's services too.
    @Test func mountedApplicationsShareTheLifespan() async throws {
        let log = EventLog()
        let inner = SimpleApp(name: "inner")
        inner.service(Second.self, .singleton) { _ in Second(log) }
        inner.onStartup { _ in log.record("inner started") }
        inner.onShutdown { _ in log.record("inner stopping") }
        inner.get("/both") { context in
            .text("\(try await context.service(First.self).probe.name) and \(try await context.service(Second.self).probe.name)")
        }
        let outer = SimpleApp(name: "outer")
        outer.service(First.self, .singleton) { _ in First(log) }
        outer.onStartup { _ in log.record("outer started") }
        outer.onShutdown { _ in log.record("outer stopping") }
        outer.mount("/inner", inner)
        outer.get("/second") { context in .text((try? await context.service(Second.self)).map { _ in "found" } ?? "not registered here") }
        let client = TestClient(app: outer.application)
        try await client.withLifespan {
            let both = try await client.get("/inner/both").text
            #expect(both == "First and Second")
            let second = try await client.get("/second").text
            #expect(second == "not registered here")
        }
        #expect(log.all == [
            "make First", "outer started", "make Second", "inner started",
            "inner stopping", "shutdown Second", "outer stopping", "shutdown First",
        ])
    }

    /// A mounted application that fails to start fails its parent's startup, which undoes
    /// what it had started.
    @Test func aFailingMountFailsTheParent() async throws {
        let log = EventLog()
        let inner = SimpleApp(name: "inner")
        inner.onStartup { _ in throw Boom() }; let line = #line
        let outer = SimpleApp(name: "outer")
        outer.service(First.self, .singleton) { _ in First(log) }
        outer.mount("/inner", inner)
        let client = TestClient(app: outer.application)
        #expect(await Self.failure(of: client.startup) == "inner: The startup hook at PAGISimpleTests/SimpleLifespanTests.swift:\(line) failed: boom")
        #expect(log.all == ["make First", "shutdown First"])
    }
}
