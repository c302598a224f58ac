import Logging
import NIOCore
import PAGI
import PAGIExamples
import PAGIServer
import ServiceLifecycle
import Testing

@Suite struct LifespanServingTests {
    @Test func stateReachesRequests() async throws {
        try await LiveServer.run(ExampleApps.lifespan) { server in
            let client = try await server.connect()
            try await client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try await client.readResponse().body == "Hello from lifespan via shared state (request 1)")
            #expect(try await client.readResponse().body == "Hello from lifespan via shared state (request 2)")
        }
    }

    /// Runs `app` on a server and returns the error its `run()` ends with.
    func startupError(_ app: @escaping Application, configure: (inout ServerConfiguration) -> Void = { _ in }) async -> (any Error)? {
        var configuration = ServerConfiguration()
        configuration.binding = .tcp(host: "127.0.0.1", port: 0)
        configuration.logger = LiveServer.logger
        configure(&configuration)
        do {
            try await PAGIServer(app: app, configuration: configuration) { _ in
                Issue.record("the server started listening")
            }.run()
            return nil
        } catch {
            return error
        }
    }

    @Test func aFailedStartupStopsTheServerBeforeItListens() async throws {
        let app: Application = { _, receive, send in
            _ = try await receive()
            try await send(.lifespanStartupFailed(message: "no database"))
        }
        let error = await self.startupError(app)
        #expect((error as? LifespanStartupError)?.description == "Lifespan startup failed: no database")
    }

    @Test func aStartupThatNeverAnswersTimesOut() async throws {
        let app: Application = { _, receive, _ in
            _ = try await receive()
            try await Task.sleep(for: .seconds(30))
        }
        let error = await self.startupError(app) { $0.lifespanTimeout = .milliseconds(100) }
        #expect((error as? LifespanStartupError)?.description.contains("did not answer lifespan.startup") == true)
    }

    @Test func modeOnRequiresLifespan() async throws {
        let error = await self.startupError(ExampleApps.hello) { $0.lifespan = .on }
        #expect((error as? LifespanStartupError)?.description.contains("--lifespan on requires it") == true)
    }

    @Test func modeOffSkipsIt() async throws {
        try await LiveServer.run(ExampleApps.lifespan, configure: { $0.lifespan = .off }) { server in
            let client = try await server.connect()
            try await client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try await client.readResponse().body == "Hello (no lifespan state) via shared state (request 0)")
        }
    }
}
