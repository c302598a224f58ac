import Foundation
#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOPosix
import PAGI
import PAGIExamples
import PAGIServer
import Testing

@Suite struct ShutdownAndBindingTests {
    @Test func aRequestInFlightFinishesDuringAGracefulShutdown() async throws {
        let started = Box(false)
        let app: Application = { scope, _, send in
            guard case .http = scope else { throw PAGIError.unsupportedScope(scope.type) }
            started.withLock { $0 = true }
            // Long enough for the shutdown to begin first even when the whole suite shares
            // two cores: the head then carries `connection: close`.
            try await Task.sleep(for: .milliseconds(1000))
            try await send(.httpResponseStart(status: .ok))
            try await send(.httpResponseBody("finished"))
        }
        try await LiveServer.run(app) { server in
            let busy = try await server.connect()
            let idle = try await server.connect()
            try await busy.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
            for _ in 0..<100 where !started.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
            await server.shutdown()
            let response = try await busy.readResponse()
            #expect(response.body == "finished")
            #expect(response.header("connection") == "close")
            #expect(try await busy.isClosedByServer())
            #expect(try await idle.isClosedByServer(timeout: .seconds(3)), "an idle connection closes after a second's grace")
            await #expect(throws: (any Error).self) { _ = try await server.connect() }
        }
    }

    @Test func eventStreamsAreToldTheServerIsShuttingDown() async throws {
        let reason = Box<DisconnectReason?>(nil)
        let app: Application = { scope, receive, send in
            guard case .sse = scope else { throw PAGIError.unsupportedScope(scope.type) }
            try await send(.sseStart(status: .ok))
            while true {
                if case .sseDisconnect(let why) = try await receive() {
                    reason.withLock { $0 = why }
                    return
                }
            }
        }
        try await LiveServer.run(app) { server in
            let client = try await server.connect()
            try await client.send("GET / HTTP/1.1\r\nHost: h\r\nAccept: text/event-stream\r\n\r\n")
            #expect(try await client.readHead().status == 200)
            await server.shutdown()
            #expect(try await client.isClosedByServer())
            #expect(reason.withLock { $0 } == .serverShutdown)
        }
    }

    @Test func servesOnAUnixSocket() async throws {
        let path = NSTemporaryDirectory() + "pagi-\(UInt32.random(in: 0...UInt32.max)).sock"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await LiveServer.run(ExampleApps.scope, configure: { $0.binding = .unixSocket(path: path) }) { server in
            #expect(server.address == .unix(path: path))
            let text = try await ListenerTests.get(unixSocket: path)
            #expect(text.contains("\"server\":[\"\(path)\",null]"))
        }
    }
}


@Suite struct FileBodyAndDescriptorTests {
    @Test func sendsAFileRange() async throws {
        let path = NSTemporaryDirectory() + "pagi-file-\(UInt32.random(in: 0...UInt32.max)).txt"
        try Data("0123456789abcdef".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let app: Application = { scope, _, send in
            guard case .http(let request) = scope else { throw PAGIError.unsupportedScope(scope.type) }
            try await send(.httpResponseStart(status: .ok))
            if request.path == "/missing" {
                do {
                    try await send(.httpResponseFile(.path("/nonexistent/pagi")))
                } catch {
                    try await send(.httpResponseBody("fallback"))
                }
            } else {
                try await send(.httpResponseFile(.path(path, offset: 4, length: 6)))
            }
        }
        try await LiveServer.run(app) { server in
            let client = try await server.connect()
            try await client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.body == "456789")
            #expect(response.header("content-length") == "6")
            try await client.send("GET /missing HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try await client.readResponse().body == "fallback")
        }
    }

    @Test func servesOnAnInheritedDescriptor() async throws {
        // A listening socket made here, handed to the server by descriptor (as --fd does).
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(descriptor >= 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        #expect(bound == 0)
        #expect(listen(descriptor, 16) == 0)
        try await LiveServer.run(ExampleApps.hello, configure: { $0.binding = .fileDescriptor(descriptor) }) { server in
            let client = try await server.connect()
            try await client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try await client.readResponse().body == "Hello, World!")
        }
    }
}

@Suite struct CallerEventLoopTests {
    @Test func servesOnTheCallersEventLoopsAndLeavesThemRunning() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        try await LiveServer.run(ExampleApps.bench, configure: { $0.eventLoopGroup = group }) { server in
            let client = try await server.connect()
            try await client.send("GET /plaintext HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try await client.readResponse().body == "Hello, World!")
        }
        // The server stopped; the loops are still the caller's to use and to shut down.
        #expect(try await group.next().submit { 42 }.get() == 42)
        try await group.shutdownGracefully()
    }
}
