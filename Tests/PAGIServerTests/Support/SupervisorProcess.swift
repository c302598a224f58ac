import Foundation

/// The real `pagi-server` started as a supervisor (`--app workers --workers N`), for the
/// process-model tests: its log (standard error) goes to a file the test reads, its workers
/// are found through `/proc`, and each wait is bounded.
final class SupervisorProcess: @unchecked Sendable {
    let process = Process()
    private let logFile: URL
    var pid: Int32 { self.process.processIdentifier }

    /// Starts `pagi-server` with `arguments` (after `--app workers` and `listening`, by
    /// default `--port 0`) and waits for its listening line. `environment` is added to the
    /// test's own.
    init(
        _ arguments: [String],
        listening: [String] = ["--port", "0"],
        environment: [String: String] = [:],
        command: URL = SupervisorProcess.builtCommand,
        waitForListening: Bool = true
    ) async throws {
        guard FileManager.default.isExecutableFile(atPath: command.path) else { throw SupervisorTestError("pagi-server is built with the tests (swift build)") }
        self.logFile = FileManager.default.temporaryDirectory.appendingPathComponent("pagi-supervisor-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: self.logFile.path, contents: nil)
        self.process.executableURL = command
        self.process.arguments = ["--app", "workers"] + listening + ["--no-access-log"] + arguments
        self.process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        self.process.standardOutput = FileHandle.nullDevice
        self.process.standardError = try FileHandle(forWritingTo: self.logFile)
        try self.process.run()
        if waitForListening { _ = try await self.waitForLog("listening on") }
    }

    /// The `pagi-server` built with the tests.
    static var builtCommand: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("pagi-server")
    }

    deinit {
        // A test that failed half-way must not leave a server behind.
        if self.process.isRunning {
            for child in Self.children(of: self.pid) { kill(child, SIGKILL) }
            kill(self.pid, SIGKILL)
        }
        try? FileManager.default.removeItem(at: self.logFile)
    }

    /// Everything the supervisor and its workers logged so far.
    var log: String { (try? String(contentsOf: self.logFile, encoding: .utf8)) ?? "" }

    /// The port from the supervisor's `listening on http://127.0.0.1:PORT/` line.
    var port: Int {
        get throws {
            guard let range = self.log.range(of: #"listening on http://127\.0\.0\.1:\d+"#, options: .regularExpression),
                  let port = Int(self.log[range].split(separator: ":").last ?? "")
            else { throw SupervisorTestError("no listening line in: \(self.log)") }
            return port
        }
    }

    /// Waits until the log has `text` `count` times; returns the log.
    @discardableResult
    func waitForLog(_ text: String, count: Int = 1, timeout: Duration = .seconds(30)) async throws -> String {
        try await self.waitFor("\(count)× '\(text)' in the log", timeout: timeout) {
            let log = self.log
            return log.contains(text, count: count) ? log : nil
        }
    }

    /// Waits until `condition` returns a value, polling every 50 ms.
    func waitFor<T>(_ what: String, timeout: Duration = .seconds(30), _ condition: () throws -> T?) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let value = try condition() { return value }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw SupervisorTestError("timed out waiting for \(what); log:\n\(self.log)")
    }

    /// The supervisor's child processes now.
    var workers: Set<Int32> { Self.children(of: self.pid) }

    /// Waits for exactly `count` workers, all serving (each answered the supervisor).
    @discardableResult
    func waitForWorkers(_ count: Int, timeout: Duration = .seconds(30)) async throws -> Set<Int32> {
        try await self.waitFor("\(count) serving workers", timeout: timeout) {
            let workers = self.workers
            let serving = workers.filter { self.log.contains("(pid \($0)) serving") }
            return workers.count == count && serving.count == count ? workers : nil
        }
    }

    func signal(_ number: Int32) { kill(self.pid, number) }

    /// Waits for the supervisor to exit; its exit status.
    func waitForExit(timeout: Duration = .seconds(30)) async throws -> Int32 {
        try await self.waitFor("the supervisor to exit", timeout: timeout) { self.process.isRunning ? nil : self.process.terminationStatus }
    }

    /// Whether process `pid` still exists (a zombie counts).
    static func exists(_ pid: Int32) -> Bool {
        FileManager.default.fileExists(atPath: "/proc/\(pid)")
    }

    /// Whether process `pid` runs (exists and is not a zombie: a container's first process
    /// may never reap the orphans it inherits).
    static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].split(separator: " ").first != "Z"
    }

    /// The processes whose parent is `parent`, from `/proc/*/stat`.
    static func children(of parent: Int32) -> Set<Int32> {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        var result: Set<Int32> = []
        for entry in entries {
            guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")")
            else { continue }
            // After "(name)": state, then the parent's id.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, Int32(fields[1]) == parent { result.insert(pid) }
        }
        return result
    }
}

struct SupervisorTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension String {
    /// Whether `text` occurs at least `count` times.
    func contains(_ text: String, count: Int) -> Bool {
        self.components(separatedBy: text).count - 1 >= count
    }
}
