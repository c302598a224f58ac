import Foundation
import Testing

/// `pagi-server --listen ... --listen ...`, live: the supervisor binds every listener once and
/// each worker serves them all; a listener that cannot be bound stops the start with one line.
/// Part of ``WorkerProcessTests`` so that its processes never run alongside that suite's.
extension WorkerProcessTests {
    @Test func workersServeATCPListenerAndAUnixSocket() async throws {
        let path = ListenerTests.temporarySocketPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let server = try await SupervisorProcess(
            ["--workers", "2", "--timeout-graceful-shutdown", "2"],
            listening: ["--listen", "127.0.0.1:0", "--listen", "unix:\(path)"]
        )
        try await server.waitForWorkers(2)
        let log = try await server.waitForLog("listening on", count: 2)
        #expect(log.contains("listening on unix:\(path) with 2 worker(s)"))
        let port = try server.port
        var answered: Set<Int32> = []
        for _ in 0..<10 {
            answered.insert(try #require(WorkerProcessTests.pid(try await WorkerProcessTests.get(port: port))))
            let overSocket = try await ListenerTests.get(unixSocket: path)
            #expect(overSocket.hasPrefix("HTTP/1.1 200"))
            let body = try #require(overSocket.components(separatedBy: "\r\n\r\n").last)
            answered.insert(try #require(WorkerProcessTests.pid(body)))
        }
        #expect(answered.isSubset(of: server.workers))
        server.signal(SIGTERM)
        #expect(try await server.waitForExit() == 0)
    }

    @Test func aListenerThatCannotBeBoundIsNamed() async throws {
        let missing = NSTemporaryDirectory() + "pagi-missing-\(UUID().uuidString)/x.sock"
        for process in [[], ["--workers", "2"]] {
            let server = try await SupervisorProcess(process, listening: ["--listen", "127.0.0.1:0", "--listen", "unix:\(missing)"], waitForListening: false)
            #expect(try await server.waitForExit() == 1)
            #expect(server.log.contains("pagi-server: cannot listen on \(missing): No such file or directory"), "\(process): \(server.log)")
            #expect(!server.log.contains("listening on"))
        }
    }

    @Test func listenWithHostIsRefusedInOneLine() async throws {
        let server = try await SupervisorProcess(["--host", "0.0.0.0"], listening: ["--listen", "127.0.0.1:0"], waitForListening: false)
        #expect(try await server.waitForExit() == 64)
        #expect(server.log.contains("--listen replaces --host, --port, --uds and --fd"))
    }
}
