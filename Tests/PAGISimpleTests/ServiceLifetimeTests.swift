import PAGI
import PAGISimple
import PAGITesting
import Testing

@Suite struct ServiceLifetimeTests {
    /// Without a lifespan, a singleton is made on first use, once, however many requests
    /// ask for it at the same time; every request gets the same instance.
    @Test func aSingletonIsMadeOnceAndShared() async throws {
        let log = EventLog()
        let app = SimpleApp()
        app.service(Probe.self, .singleton) { _ in
            try await Task.sleep(for: .milliseconds(20))  // Others ask while it is being made.
            return Probe("stats", log: log)
        }
        app.get("/") { context in .text("\(try await context.service(Probe.self).serial)") }
        let client = TestClient(app: app.application)
        let serials = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<5 { group.addTask { try await client.get("/").text } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(serials.count == 1)
        #expect(try await client.get("/").text == serials.first)
        #expect(log.all == ["make stats"])
    }

    /// A per-request service is the same instance within a request, a new one in the next,
    /// and is shut down once the response has been sent.
    @Test func aPerRequestServiceLivesForItsRequest() async throws {
        let log = EventLog()
        let app = SimpleApp()
        app.service(Probe.self, .perRequest) { _ in Probe("profile", log: log) }
        app.get("/") { context in
            let first = try await context.service(Probe.self)
            let second = try await context.service(Probe.self)
            return .text(first === second ? "\(first.serial)" : "two instances")
        }
        let client = TestClient(app: app.application)
        let one = try await client.get("/").text
        #expect(log.all == ["make profile", "shutdown profile"])
        let two = try await client.get("/").text
        #expect(Int(one) != nil && Int(two) != nil && one != two)
        #expect(log.all == ["make profile", "shutdown profile", "make profile", "shutdown profile"])
    }

    /// A handler that throws after making a per-request service still has it released.
    @Test func aPerRequestServiceIsReleasedWhenTheHandlerThrows() async throws {
        let log = EventLog()
        let app = SimpleApp(mode: .production)
        app.service(Probe.self, .perRequest) { _ in Probe("transaction", log: log) }
        app.get("/") { context in
            _ = try await context.service(Probe.self)
            throw Boom()
        }
        let response = try await TestClient(app: app.application).get("/")
        #expect(response.status == .internalServerError)
        #expect(log.all == ["make transaction", "shutdown transaction"])
    }

    /// A factory makes a new instance for every lookup, and never shuts them down.
    @Test func aFactoryMakesANewInstanceEachTime() async throws {
        let log = EventLog()
        let app = SimpleApp()
        app.service(Probe.self, .factory) { Probe("weather", log: log) }
        app.get("/") { context in
            let first = try await context.service(Probe.self)
            let second = try await context.service(Probe.self)
            return .text(first === second ? "same" : "different")
        }
        #expect(try await TestClient(app: app.application).get("/").text == "different")
        #expect(log.all == ["make weather", "make weather"])
    }

    /// A per-request initialiser gets the request's context, and may use other services.
    @Test func initialisersSeeTheRequestAndOtherServices() async throws {
        struct Greeting: Sendable { let text: String }
        struct Viewer: Sendable { let name: String }
        let app = SimpleApp()
        app.service(Greeting.self, .singleton) { Greeting(text: "Hello") }
        app.service(Viewer.self, .perRequest) { context in Viewer(name: context.query["name"] ?? "stranger") }
        app.service(String.self, .factory) { context in
            "\(try await context.service(Greeting.self).text), \(try await context.service(Viewer.self).name)!"
        }
        app.get("/") { context in .text(try await context.service(String.self)) }
        #expect(try await TestClient(app: app.application).get("/?name=Ada").text == "Hello, Ada!")
    }

    /// Registering a type again replaces the first registration.
    @Test func aLaterRegistrationReplacesAnEarlierOne() async throws {
        let app = SimpleApp()
        app.service(String.self, .singleton) { "real" }
        app.service(String.self, .singleton) { "fake" }
        app.get("/") { context in .text(try await context.service(String.self)) }
        #expect(try await TestClient(app: app.application).get("/").text == "fake")
    }

    /// Lookups that cannot succeed say why.
    @Test func failedLookupsExplainThemselves() async throws {
        struct Unknown: Sendable {}
        struct NeedsRequest: Sendable {}
        struct Loop: Sendable {}
        struct Back: Sendable {}
        let app = SimpleApp()
        app.service(NeedsRequest.self, .perRequest) { NeedsRequest() }
        app.service(Int.self, .singleton) { app in
            _ = try await app.service(NeedsRequest.self)
            return 1
        }
        app.service(Loop.self, .perRequest) { context in
            _ = try await context.service(Back.self)
            return Loop()
        }
        app.service(Back.self, .factory) { context in
            _ = try await context.service(Loop.self)
            return Back()
        }
        app.get("/:which") { context in
            do {
                switch context.parameter("which") {
                case "unknown": _ = try await context.service(Unknown.self)
                case "singleton": _ = try await context.service(Int.self)
                default: _ = try await context.service(Loop.self)
                }
                return .text("found")
            } catch {
                return .text("\(error)")
            }
        }
        let client = TestClient(app: app.application)
        #expect(try await client.get("/unknown").text == "No service Unknown is registered (register it with app.service(Unknown.self, ...))")
        #expect(try await client.get("/singleton").text == "The service Int failed to start: The service NeedsRequest lives per request: a singleton or a lifespan hook cannot use it")
        let cycle = try await client.get("/cycle").text
        #expect(cycle.hasSuffix("Services need each other in a cycle: Loop -> Back -> Loop"))
    }

    /// An initialiser that throws fails the lookup; the next lookup tries again.
    @Test func aFailedSingletonIsTriedAgain() async throws {
        let attempts = EventLog()
        let app = SimpleApp()
        app.service(Int.self, .singleton) {
            attempts.record("attempt")
            if attempts.count("attempt") == 1 { throw Boom() }
            return 42
        }
        app.get("/") { context in .text("\(try await context.service(Int.self))") }
        let client = TestClient(app: app.application)
        #expect(try await client.get("/").status == .internalServerError)
        #expect(try await client.get("/").text == "42")
    }
}
