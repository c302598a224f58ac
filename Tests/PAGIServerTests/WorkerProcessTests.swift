import ArgumentParser
import Foundation
import PAGICommand
import Synchronization
import Testing

/// `pagi-server --workers N`, live: a supervisor and its worker processes, each test bounded
/// to seconds by short timeouts. One at a time, since each starts several processes.
@Suite(.serialized) struct WorkerProcessTests {
    /// GET `path` on a new connection; the body of a 200 answer, else an error.
    static func get(_ path: String = "/", port: Int) async throws -> String {
        let client = try await RawClient.connect(port: port)
        try await client.send("GET \(path) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        let response = try await client.readResponse(timeout: .seconds(5))
        await client.close()
        guard response.status == 200 else { throw SupervisorTestError("\(path): \(response)") }
        return response.body
    }

    /// The worker process that answered, from the `workers` app's `pid=N worker=M`.
    static func pid(_ body: String) -> Int32? {
        body.split(separator: " ").first { $0.hasPrefix("pid=") }.flatMap { Int32($0.dropFirst(4)) }
    }

    /// Requests `/` one after another until stopped, recording who answered and what failed:
    /// each on a new connection, or (`keepAlive`) on one connection for as long as the
    /// server keeps it open.
    final class RequestLoop: Sendable {
        let pids = Mutex<Set<Int32>>([])
        let failures = Mutex<[String]>([])
        let count = Atomic(0)
        private let task = Mutex<Task<Void, Never>?>(nil)

        init(port: Int, clients: Int = 1, keepAlive: Bool = false) {
            let task = Task {
                await withTaskGroup(of: Void.self) { group in
                    for _ in 0..<clients {
                        group.addTask {
                            var connection: RawClient?
                            while !Task.isCancelled {
                                do {
                                    let body: String
                                    if keepAlive {
                                        if connection == nil { connection = try await RawClient.connect(port: port) }
                                        let client = connection!
                                        try await client.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
                                        let response = try await client.readResponse()
                                        guard response.status == 200 else { throw SupervisorTestError("\(response)") }
                                        if response.header("connection") == "close" { connection = nil }
                                        body = response.body
                                    } else {
                                        body = try await WorkerProcessTests.get(port: port)
                                    }
                                    if let pid = WorkerProcessTests.pid(body) { _ = self.pids.withLock { $0.insert(pid) } }
                                    self.count.add(1, ordering: .relaxed)
                                } catch {
                                    connection = nil
                                    if !Task.isCancelled { self.failures.withLock { $0.append("\(error)") } }
                                }
                            }
                        }
                    }
                }
            }
            self.task.withLock { $0 = task }
        }

        func stop() async {
            let task = self.task.withLock { $0 }
            task?.cancel()
            await task?.value
        }
    }

    @Test func workersServeOnTheSharedSocketAndTERMDrainsThem() async throws {
        let server = try await SupervisorProcess(["--workers", "2", "--timeout-graceful-shutdown", "3"])
        let workers = try await server.waitForWorkers(2)
        let port = try server.port
        var answered: Set<Int32> = []
        for _ in 0..<20 { answered.insert(try #require(Self.pid(try await Self.get(port: port)))) }
        #expect(answered.isSubset(of: workers))
        #expect(server.log.contains("worker=") == false, "the app's answers are not logged")

        // A slow request in flight when TERM arrives completes; then everything exits.
        let slow = Task { try await Self.get("/slow", port: port) }
        try await Task.sleep(for: .milliseconds(300))
        server.signal(SIGTERM)
        #expect(try await slow.value.hasPrefix("pid="))
        #expect(try await server.waitForExit() == 0)
        for worker in workers { #expect(!SupervisorProcess.exists(worker), "worker \(worker) is gone") }
    }

    @Test func aKilledWorkerIsReplacedUnderLoad() async throws {
        let server = try await SupervisorProcess(["--workers", "2", "--timeout-graceful-shutdown", "2"])
        let workers = try await server.waitForWorkers(2)
        let loop = RequestLoop(port: try server.port)
        try await Task.sleep(for: .milliseconds(300))
        let victim = workers.first!
        kill(victim, SIGKILL)
        let replaced = try await server.waitFor("a replacement worker") {
            let now = server.workers
            return now.count == 2 && !now.contains(victim) && server.log.contains("serving", count: 3) ? now : nil
        }
        try await Task.sleep(for: .milliseconds(300))
        await loop.stop()
        #expect(server.log.contains("(pid \(victim)) was killed by SIGKILL: restarting it"))
        #expect(loop.failures.withLock { $0.count } <= 1, "only a request in flight on the killed worker may fail: \(loop.failures.withLock { $0 })")
        #expect(!loop.pids.withLock { $0 }.intersection(replaced.subtracting(workers)).isEmpty, "the new worker serves")
        server.signal(SIGTERM)
        #expect(try await server.waitForExit() == 0)
    }

    @Test func aWorkerThatIgnoresTERMIsKilledAfterTheTimeout() async throws {
        let server = try await SupervisorProcess(["--workers", "1", "--supervise", "--timeout-graceful-shutdown", "1"])
        let workers = try await server.waitForWorkers(1)
        let port = try server.port
        let stuck = Task { try? await Self.get("/stuck", port: port) }
        defer { stuck.cancel() }
        try await Task.sleep(for: .milliseconds(300))
        let started = ContinuousClock.now
        server.signal(SIGTERM)
        #expect(try await server.waitForExit() == 0)
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(server.log.contains("did not stop in time: SIGKILL"))
        for worker in workers { #expect(!SupervisorProcess.exists(worker), "no zombie or orphan: \(worker)") }
    }

    @Test func HUPRestartsEveryWorkerWithoutAFailedRequest() async throws {
        let server = try await SupervisorProcess(["--workers", "2", "--timeout-graceful-shutdown", "3"])
        let old = try await server.waitForWorkers(2)
        let loop = RequestLoop(port: try server.port, clients: 2)
        let keptAlive = RequestLoop(port: try server.port, clients: 2, keepAlive: true)
        try await Task.sleep(for: .milliseconds(500))
        server.signal(SIGHUP)
        let new = try await server.waitFor("two new workers and the old ones gone", timeout: .seconds(15)) {
            let now = server.workers
            return now.count == 2 && now.isDisjoint(with: old) && server.log.contains("serving", count: 4) ? now : nil
        }
        try await Task.sleep(for: .milliseconds(500))
        await loop.stop()
        await keptAlive.stop()
        #expect(loop.failures.withLock { $0 } == [])
        #expect(keptAlive.failures.withLock { $0 } == [], "a response that promised keep-alive keeps the connection open for the next request")
        #expect(loop.count.load(ordering: .relaxed) > 20 && keptAlive.count.load(ordering: .relaxed) > 20)
        #expect(!loop.pids.withLock { $0 }.isDisjoint(with: new), "the new workers serve")
        server.signal(SIGTERM)
        #expect(try await server.waitForExit() == 0)
    }

    @Test func maxRequestsRecyclesAWorkerWithoutAFailedRequest() async throws {
        let server = try await SupervisorProcess(["--workers", "1", "--supervise", "--limit-max-requests", "5", "--timeout-graceful-shutdown", "2"])
        let first = try await server.waitForWorkers(1)
        let port = try server.port
        var answered: [Int32] = []
        for _ in 0..<16 {
            answered.append(try #require(Self.pid(try await Self.get(port: port))))
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(Set(answered).count >= 2, "a new worker took over: \(answered)")
        #expect(answered.prefix(5).allSatisfy { first.contains($0) })
        #expect(server.log.contains("retiring (served 5 requests)"))
        server.signal(SIGTERM)
        #expect(try await server.waitForExit() == 0)
    }

    @Test func TTINAndTTOUAddAndRemoveAWorker() async throws {
        let server = try await SupervisorProcess(["--workers", "1", "--supervise", "--timeout-graceful-shutdown", "2"])
        let one = try await server.waitForWorkers(1)
        server.signal(SIGTTIN)
        let two = try await server.waitForWorkers(2)
        #expect(one.isSubset(of: two))
        server.signal(SIGTTOU)
        let back = try await server.waitForWorkers(1)
        #expect(back == one, "the added worker (number 2) is the one removed")
        server.signal(SIGTTOU)
        try await Task.sleep(for: .milliseconds(300))
        #expect(server.workers == one, "never fewer than one worker")
        server.signal(SIGTERM)
        #expect(try await server.waitForExit() == 0)
    }

    @Test func aSilentWorkerIsKilledAndReplaced() async throws {
        let server = try await SupervisorProcess(["--workers", "1", "--supervise", "--timeout-worker-healthcheck", "1", "--timeout-graceful-shutdown", "1"])
        let first = try await server.waitForWorkers(1)
        kill(first.first!, SIGSTOP)
        let replaced = try await server.waitFor("a replacement for the silent worker", timeout: .seconds(6)) {
            let now = server.workers
            return now.count == 1 && now != first && server.log.contains("serving", count: 2) ? now : nil
        }
        #expect(server.log.contains("(pid \(first.first!)) silent for"))
        #expect(Self.pid(try await Self.get(port: try server.port)) == replaced.first)
        server.signal(SIGTERM)
        #expect(try await server.waitForExit() == 0)
    }

    @Test func lifespanFailureInEveryWorkerStopsTheSupervisorOnce() async throws {
        let server = try await SupervisorProcess(["--workers", "2"], environment: ["PAGI_EXAMPLE_FAIL_STARTUP": "the database is unreachable"])
        #expect(try await server.waitForExit() == 3)
        let errors = server.log.split(separator: "\n").filter { $0.hasPrefix("pagi-server:") }
        #expect(errors.count == 1, "\(server.log)")
        #expect(errors.first?.contains("the database is unreachable") == true)
        #expect(server.log.contains("restarting") == false)
    }

    @Test func workerOptionsAreChecked() throws {
        let options = try ServerOptions.parse(["-w", "3", "--limit-max-requests", "100", "--limit-max-requests-jitter", "10", "--limit-worker-memory", "512"])
        #expect(options.process.supervised && options.process.workerCount == 3)
        #expect(try ServerOptions.parse(["--workers", "1"]).process.supervised == false, "--workers 1 alone is one process")
        #expect(try ServerOptions.parse(["--workers", "1", "--supervise"]).process.supervised)
        let refused: [([String], String)] = [
            (["--workers", "0"], "--workers must be 1 or more"),
            (["--limit-max-requests", "5"], "need a supervisor"),
            (["--workers", "2", "--limit-max-requests-jitter", "5"], "--limit-max-requests-jitter needs --limit-max-requests"),
            (["--workers", "2", "--timeout-worker-healthcheck", "0"], "--timeout-worker-healthcheck must be"),
            (["--group", "nogroup"], "--group needs --user"),
        ]
        for (arguments, message) in refused {
            do {
                _ = try ServerOptions.parse(arguments)
                Issue.record("\(arguments) was accepted")
            } catch {
                #expect(ServerOptions.message(for: error).contains(message), "\(arguments): \(ServerOptions.message(for: error))")
            }
        }
    }

    @Test func thePIDFileNamesTheSupervisorWhileItRuns() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pagi-\(UUID().uuidString).pid").path
        let server = try await SupervisorProcess(["--workers", "2", "--pid", path, "--timeout-graceful-shutdown", "1"])
        try await server.waitForWorkers(2)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "\(server.pid)\n")
        server.signal(SIGTERM)
        #expect(try await server.waitForExit() == 0)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func workersStopWhenTheSupervisorIsKilled() async throws {
        let server = try await SupervisorProcess(["--workers", "2", "--timeout-worker-healthcheck", "1", "--timeout-graceful-shutdown", "1"])
        let workers = try await server.waitForWorkers(2)
        server.signal(SIGKILL)
        try await server.waitFor("the orphaned workers to stop", timeout: .seconds(5)) {
            workers.allSatisfy { !SupervisorProcess.isRunning($0) } ? true : nil
        }
    }

    @Test func QUITStopsTheWorkersAtOnce() async throws {
        let server = try await SupervisorProcess(["--workers", "2", "--timeout-graceful-shutdown", "10"])
        let workers = try await server.waitForWorkers(2)
        let slow = Task { try? await Self.get("/slow", port: try server.port) }
        try await Task.sleep(for: .milliseconds(300))
        server.signal(SIGQUIT)
        #expect(try await server.waitForExit(timeout: .seconds(3)) == 0)
        #expect(await slow.value == nil, "the request in flight was cut off")
        for worker in workers { #expect(!SupervisorProcess.exists(worker)) }
    }

    @Test func aWorkerOverItsMemoryLimitIsReplaced() async throws {
        // Every worker is over 1 MB: each is replaced as soon as its replacement serves.
        let server = try await SupervisorProcess(["--workers", "1", "--supervise", "--limit-worker-memory", "1", "--timeout-worker-healthcheck", "1"])
        try await server.waitForLog("retiring (resident memory")
        try await server.waitForLog("replaced: stopping it")
        try await server.waitForLog("stopped (exited with code 0)")
        #expect(try await Self.get(port: try server.port).hasPrefix("pid="))
        server.signal(SIGTERM)
        #expect(try await server.waitForExit() == 0)
    }

    @Test func withReusePortEachWorkerBindsTheAddressItself() async throws {
        let port = Int.random(in: 20000..<60000)
        let server = try await SupervisorProcess(["--workers", "2", "--reuse-port", "--port", "\(port)", "--timeout-graceful-shutdown", "1"])
        try await server.waitForWorkers(2)
        #expect(server.log.contains("each worker binds it with SO_REUSEPORT"))
        #expect(try await Self.get(port: port).hasPrefix("pid="))
        server.signal(SIGTERM)
        #expect(try await server.waitForExit() == 0)
    }

    @Test func reloadRestartsTheWorkersWhenTheBinaryChanges() async throws {
        // A copy of the binary, so that the one the tests share is left alone.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pagi-reload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let copy = directory.appendingPathComponent("pagi-server")
        try FileManager.default.copyItem(at: SupervisorProcess.builtCommand, to: copy)
        let server = try await SupervisorProcess(["--reload", "--timeout-graceful-shutdown", "1"], command: copy)
        let first = try await server.waitForWorkers(1)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(10)], ofItemAtPath: copy.path)
        try await server.waitForLog("the binary changed on disk: rolling restart")
        let second = try await server.waitFor("a new worker", timeout: .seconds(10)) {
            let now = server.workers
            return now.count == 1 && now != first && server.log.contains("serving", count: 2) ? now : nil
        }
        #expect(Self.pid(try await Self.get(port: try server.port)) == second.first)
        server.signal(SIGTERM)
        #expect(try await server.waitForExit() == 0)
    }

    @Test(.enabled(if: getuid() == 0, "only root can change its user"))
    func userDropsRootAfterBinding() async throws {
        let server = try await SupervisorProcess(["--workers", "2", "--user", "nobody", "--timeout-graceful-shutdown", "1"])
        let workers = try await server.waitForWorkers(2)
        let nobody = try #require(getpwnam("nobody")).pointee.pw_uid
        // Every thread of every worker; the supervisor's threads but its first, which
        // Dispatch parked (for an async main) where setuid does not reach: it runs nothing.
        var threads = try workers.flatMap { pid in try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task").map { "\(pid)/task/\($0)" } }
        threads += try FileManager.default.contentsOfDirectory(atPath: "/proc/\(server.pid)/task").filter { $0 != "\(server.pid)" }.map { "\(server.pid)/task/\($0)" }
        for thread in threads {
            let status = try String(contentsOfFile: "/proc/\(thread)/status", encoding: .utf8)
            let uids = status.split(separator: "\n").first { $0.hasPrefix("Uid:") }?.split(separator: "\t").dropFirst().compactMap { UInt32($0) }
            #expect(uids == [nobody, nobody, nobody, nobody], "\(thread): \(uids ?? [])")
        }
        #expect(try await Self.get(port: try server.port).hasPrefix("pid="))
        server.signal(SIGTERM)
        #expect(try await server.waitForExit() == 0)
    }
}
