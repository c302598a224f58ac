import ArgumentParser
import NIOCore
import PAGI
import PAGICommand
import PAGIExamples
import PAGIServer
import PAGITesting
import Synchronization
import Testing

@Suite struct CommandTests {
    @Test func optionsBecomeOneConfiguration() throws {
        let options = try ServerOptions.parse([
            "--host", "0.0.0.0", "--port", "8080", "--root-path", "/api", "--threads", "3",
            "--max-request-line", "100", "--max-header-size", "200", "--max-header-count", "5", "--max-body-size", "0",
            "--timeout-graceful-shutdown", "2.5", "--timeout-lifespan", "1", "--lifespan", "off",
            "--no-server-header", "--no-date-header", "--log-level", "debug", "--backlog", "16",
            "--limit-concurrency", "0", "--timeout-keep-alive", "0", "--timeout-header", "2", "--timeout-body", "3", "--timeout-write", "4",
        ])
        let configuration = try options.configuration()
        #expect(configuration.binding == .tcp(host: "0.0.0.0", port: 8080))
        #expect(configuration.rootPath == "/api")
        #expect(configuration.threads == 3)
        #expect(configuration.maxRequestLine == 100 && configuration.maxHeaderSize == 200 && configuration.maxHeaderCount == 5)
        #expect(configuration.maxBodySize == nil)
        #expect(configuration.timeoutGracefulShutdown == .milliseconds(2500))
        #expect(configuration.lifespanTimeout == .seconds(1))
        #expect(configuration.lifespan == .off)
        #expect(configuration.serverHeader == nil && !configuration.dateHeader)
        #expect(configuration.logger.logLevel == .debug)
        #expect(configuration.backlog == 16)
        #expect(configuration.timeoutKeepAlive == nil)
        #expect(configuration.limitConcurrency == nil)
        #expect(configuration.timeoutHeader == .seconds(2) && configuration.timeoutBody == .seconds(3) && configuration.timeoutWrite == .seconds(4))
    }

    /// `--proxy-headers` (on by default) puts `ReverseProxy` in front of the application,
    /// trusting `--forwarded-allow-ips`, else `$FORWARDED_ALLOW_IPS`, else 127.0.0.1 and ::1.
    @Test func proxyHeaderOptions() async throws {
        let seeClient: Application = { scope, _, send in
            try await send(.httpResponseStart(status: .ok, headers: [:]))
            try await send(.httpResponseBody(ByteBuffer(string: "\(scope.request!.client!.host) \(scope.request!.scheme)")))
        }
        func seen(_ arguments: [String], environment: [String: String] = [:], from peer: String) async throws -> String {
            var configuration = TestClient.Configuration()
            configuration.client = .tcp(host: peer, port: 1234)
            let app = try ServerOptions.parse(arguments).proxyMiddleware(environment: environment)?.wrap(seeClient) ?? seeClient
            return try await TestClient(app: app, configuration: configuration).get("/", headers: ["x-forwarded-for": "203.0.113.5", "x-forwarded-proto": "https"]).text
        }
        #expect(try await seen([], from: "127.0.0.1") == "203.0.113.5 https")
        #expect(try await seen([], from: "::1") == "203.0.113.5 https")
        #expect(try await seen([], from: "10.0.0.9") == "10.0.0.9 http")
        #expect(try await seen(["--forwarded-allow-ips", "10.0.0.0/8, fd00::/8"], from: "10.0.0.9") == "203.0.113.5 https")
        #expect(try await seen([], environment: ["FORWARDED_ALLOW_IPS": "*"], from: "198.51.100.1") == "203.0.113.5 https")
        #expect(try await seen(["--no-proxy-headers"], from: "127.0.0.1") == "127.0.0.1 http")
        #expect(throws: (any Error).self) { try ServerOptions.parse(["--forwarded-allow-ips", "10.0.0.0/40"]).proxyMiddleware(environment: [:]) }
    }

    /// The server applies the proxy resolution where it builds scopes (so that the access log
    /// sees it), unless `--no-proxy-headers`.
    @Test func proxyHeadersRewriteTheServersScopes() throws {
        #expect(try ServerOptions.parse(["--no-proxy-headers"]).configuration().rewriteScope == nil)
        let rewrite = try #require(try ServerOptions.parse(["--forwarded-allow-ips", "10.0.0.0/8"]).configuration().rewriteScope)
        let request = RequestScope(method: .get, path: "/", headers: ["x-forwarded-for": "203.0.113.5"], client: .tcp(host: "10.1.2.3", port: 4000))
        #expect(rewrite(.http(request)).request?.client == .tcp(host: "203.0.113.5", port: 0))
    }

    /// `-E development` wraps the application in a strict Lint and tells it through PAGI_ENV;
    /// the default is PAGI_ENV, else production.
    @Test func environments() async throws {
        #expect(try ServerOptions.parse([]).resolvedEnvironment(environment: [:]) == .production)
        #expect(try ServerOptions.parse([]).resolvedEnvironment(environment: ["PAGI_ENV": "Development"]) == .development)
        #expect(try ServerOptions.parse([]).resolvedEnvironment(environment: ["PAGI_ENV": "staging"]) == .production)
        #expect(try ServerOptions.parse(["-E", "development"]).resolvedEnvironment(environment: ["PAGI_ENV": "production"]) == .development)
        #expect(try ServerOptions.parse(["--env", "production"]).env == .production)
        #expect(throws: (any Error).self) { try ServerOptions.parse(["--env", "staging"]) }
        // A body before the response start: development refuses it where it is sent.
        let broken: Application = { _, _, send in
            try await send(.httpResponseBody(ByteBuffer(string: "too early")))
        }
        let sent = Mutex<[String]>([])
        let collect: Send = { event in sent.withLock { $0.append(event.type) } }
        await #expect(throws: PAGIError.self) {
            try await ServerEnvironment.development.wrap(broken, label: "app")(.http(RequestScope(method: .get, path: "/")), { .httpDisconnect(reason: nil) }, collect)
        }
        #expect(sent.withLock { $0 }.isEmpty)
        try await ServerEnvironment.production.wrap(broken, label: "app")(.http(RequestScope(method: .get, path: "/")), { .httpDisconnect(reason: nil) }, collect)
        #expect(sent.withLock { $0 } == ["http.response.body"])
    }

    @Test func webSocketOptions() throws {
        let defaults = try ServerOptions.parse([]).configuration().webSocket
        #expect(defaults.maxMessageSize == 16 * 1024 * 1024 && defaults.maxQueue == 32)
        #expect(defaults.pingInterval == .seconds(20) && defaults.pingTimeout == .seconds(20))
        #expect(defaults.perMessageDeflate && defaults.closeTimeout == .seconds(10) && defaults.queueTimeout == .seconds(10))
        let options = try ServerOptions.parse([
            "--ws-max-size", "1000", "--ws-max-queue", "4", "--timeout-ws-queue", "0", "--ws-ping-interval", "0",
            "--ws-ping-timeout", "1.5", "--no-ws-per-message-deflate", "--timeout-ws-close", "2",
        ])
        let webSocket = try options.configuration().webSocket
        #expect(webSocket.maxMessageSize == 1000 && webSocket.maxQueue == 4 && webSocket.queueTimeout == .zero)
        #expect(webSocket.pingInterval == nil && webSocket.pingTimeout == .milliseconds(1500))
        #expect(!webSocket.perMessageDeflate && webSocket.closeTimeout == .seconds(2))
        #expect(throws: (any Error).self) { try ServerOptions.parse(["--ws-max-queue", "0"]) }
        #expect(throws: (any Error).self) { try ServerOptions.parse(["--timeout-ws-close", "-1"]).configuration() }
    }

    @Test func tasksStayOnSwiftsPoolUnlessAsked() throws {
        #expect(try ServerOptions.parse([]).eventLoopExecutor == false)
        #expect(try ServerOptions.parse(["--event-loop-executor"]).eventLoopExecutor == true)
        // Only the command installs the executor; a configuration alone never does.
        #expect(try ServerOptions.parse(["--event-loop-executor"]).configuration().eventLoopGroup == nil)
    }

    @Test func bindingsFromUnixSocketsAndDescriptors() throws {
        #expect(try ServerOptions.parse(["--uds", "/tmp/x.sock"]).configuration().binding == .unixSocket(path: "/tmp/x.sock"))
        #expect(try ServerOptions.parse(["--fd", "3"]).configuration().binding == .fileDescriptor(3))
        #expect(throws: (any Error).self) { try ServerOptions.parse(["--uds", "/tmp/x", "--fd", "3"]) }
        #expect(throws: (any Error).self) { try ServerOptions.parse(["--port", "70000"]) }
        #expect(throws: (any Error).self) { try ServerOptions.parse(["--lifespan", "sometimes"]) }
        #expect(throws: (any Error).self) { try ServerOptions.parse(["--timeout-lifespan", "-1"]).configuration() }
    }

    @Test func accessLogOptions() throws {
        #expect(try ServerOptions.parse([]).configuration().accessLog == .standardError)
        #expect(try ServerOptions.parse(["--no-access-log"]).configuration().accessLog == .off)
        #expect(try ServerOptions.parse(["--access-log", "/tmp/a.log"]).configuration().accessLog == .file(path: "/tmp/a.log"))
        #expect(throws: (any Error).self) { try ServerOptions.parse(["--access-log-format", "%Q"]).configuration() }
        #expect(throws: Never.self) { try ServerOptions.parse(["--access-log-format", "tiny"]).configuration() }
    }

    @Test func aFailedStartupExitsWith3() async throws {
        let app: Application = { _, receive, send in
            _ = try await receive()
            try await send(.lifespanStartupFailed(message: "no database"))
        }
        var configuration = try ServerOptions.parse(["--port", "0"]).configuration()
        configuration.logger = LiveServer.logger
        #expect(await PAGICommand.run(app: app, configuration: configuration, appName: nil) == 3)
    }

    @Test func aBusyPortExitsWith1() async throws {
        try await LiveServer.run(ExampleApps.hello) { server in
            var configuration = try ServerOptions.parse(["--port", "\(server.port)"]).configuration()
            configuration.logger = LiveServer.logger
            #expect(await PAGICommand.run(app: ExampleApps.hello, configuration: configuration, appName: nil) == 1)
        }
    }
}
