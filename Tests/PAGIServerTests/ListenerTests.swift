import ArgumentParser
import Foundation
import Logging
import NIOCore
import NIOPosix
import PAGI
import PAGICommand
import PAGIExamples
import PAGIServer
import Testing

/// Several listeners in one server (`--listen`, repeatable): each bound before any serves,
/// all serving the same application.
@Suite struct ListenerTests {
    /// Runs the scope app on `bindings` while `body` runs with every bound address.
    static func serve(
        _ bindings: [ServerConfiguration.Binding],
        _ body: @Sendable @escaping ([NetworkAddress]) async throws -> Void
    ) async throws {
        try await LiveServer.run(ExampleApps.scope, configure: { $0.bindings = bindings }) { server in
            try await body(server.addresses)
        }
    }

    /// GET `/x` on a new TCP connection; the response body.
    static func get(port: Int) async throws -> String {
        let client = try await RawClient.connect(port: port)
        try await client.send("GET /x HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
        let response = try await client.readResponse(timeout: .seconds(5))
        await client.close()
        #expect(response.status == 200)
        return response.body
    }

    /// GET `/x` on a new connection to the Unix socket at `path`; the whole response.
    static func get(unixSocket path: String) async throws -> String {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(unixDomainSocketPath: path) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: "GET /x HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"))
            var all = ByteBuffer()
            for try await var piece in inbound { all.writeBuffer(&piece) }
            return String(buffer: all)
        }
    }

    static func temporarySocketPath() -> String {
        NSTemporaryDirectory() + "pagi-\(UInt32.random(in: 0...UInt32.max)).sock"
    }

    @Test func twoTCPListenersOnPortZeroEachGetAPortAndAnswer() async throws {
        try await Self.serve([.tcp(host: "127.0.0.1", port: 0), .tcp(host: "127.0.0.1", port: 0)]) { addresses in
            let ports = addresses.compactMap(\.port)
            #expect(ports.count == 2 && Set(ports).count == 2 && !ports.contains(0))
            for port in ports {
                // The scope app says which server address the request came in on.
                let body = try await Self.get(port: port)
                #expect(body.contains("\"server\":[\"127.0.0.1\",\(port)]"))
            }
        }
    }

    @Test func aTCPListenerAndAUnixSocketTogether() async throws {
        let path = Self.temporarySocketPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await Self.serve([.tcp(host: "127.0.0.1", port: 0), .unixSocket(path: path)]) { addresses in
            #expect(addresses.count == 2 && addresses.contains(.unix(path: path)))
            let port = try #require(addresses.compactMap(\.port).first)
            #expect(try await Self.get(port: port).contains("\"server\":[\"127.0.0.1\","))
            #expect(try await Self.get(unixSocket: path).contains("\"server\":[\"\(path)\",null]"))
        }
    }

    @Test func aBindFailureOnTheSecondListenerNamesItAndClosesTheFirst() async throws {
        let missing = NSTemporaryDirectory() + "pagi-missing-\(UUID().uuidString)/x.sock"
        var configuration = ServerConfiguration()
        configuration.bindings = [.tcp(host: "127.0.0.1", port: 0), .unixSocket(path: missing)]
        configuration.threads = 1
        configuration.logger = LiveServer.logger
        configuration.accessLog = .off
        configuration.lifespan = .off
        let listened = Box(0)
        let server = PAGIServer(app: ExampleApps.scope, configuration: configuration) { _ in listened.withLock { $0 += 1 } }
        let error = await #expect(throws: BindingError.self) { try await server.run() }
        #expect(error?.binding == .unixSocket(path: missing))
        #expect(error?.description.hasPrefix("cannot listen on \(missing): ") == true)
        #expect(listened.withLock { $0 } == 0)
    }

    @Test func listenSpecsBecomeBindings() throws {
        #expect(try ServerConfiguration.Binding(listenSpec: "0.0.0.0:8000") == .tcp(host: "0.0.0.0", port: 8000))
        #expect(try ServerConfiguration.Binding(listenSpec: ":8000") == .tcp(host: "0.0.0.0", port: 8000))
        #expect(try ServerConfiguration.Binding(listenSpec: "[::1]:0") == .tcp(host: "::1", port: 0))
        #expect(try ServerConfiguration.Binding(listenSpec: "localhost:80") == .tcp(host: "localhost", port: 80))
        #expect(try ServerConfiguration.Binding(listenSpec: "unix:/run/app.sock") == .unixSocket(path: "/run/app.sock"))
        #expect(try ServerConfiguration.Binding(listenSpec: "fd://3") == .fileDescriptor(3))
        for bad in ["8000", "::1:8000", "host:http", "host:70000", "unix:", "fd://x", "[::1:80"] {
            #expect(throws: ValidationError.self, "\(bad)") { try ServerConfiguration.Binding(listenSpec: bad) }
        }
    }

    @Test func listenReplacesTheOtherListeningOptions() throws {
        let options = try ServerOptions.parse(["--listen", "127.0.0.1:0", "--listen", "unix:/tmp/a.sock"])
        #expect(try options.configuration().bindings == [.tcp(host: "127.0.0.1", port: 0), .unixSocket(path: "/tmp/a.sock")])
        for extra in [["--host", "0.0.0.0"], ["--port", "8000"], ["--uds", "/tmp/b.sock"], ["--fd", "3"]] {
            #expect(throws: (any Error).self, "\(extra)") { try ServerOptions.parse(["--listen", ":8000"] + extra) }
        }
        #expect(throws: (any Error).self) { try ServerOptions.parse(["--listen", "nowhere"]) }
        // Without --listen, one binding as before.
        #expect(try ServerOptions.parse(["--port", "8000"]).configuration().bindings == [.tcp(host: "127.0.0.1", port: 8000)])
    }
}
