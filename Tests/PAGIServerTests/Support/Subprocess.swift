import Foundation

/// Runs a program to its end (curl, openssl) without blocking Swift's cooperative threads:
/// the wait happens on a thread of its own, and output goes through temporary files so that
/// a full pipe can never stall it.
enum Subprocess {
    struct Result: Sendable {
        let status: Int32
        let output: String
        let error: String
    }

    /// Whether `program` is an executable on `PATH`: live tests that drive curl or openssl
    /// run where they are installed (`.ci/run` installs both), and say so where they are not.
    static func isInstalled(_ program: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(program)") }
    }

    /// Runs `program` (looked up on `PATH`) with `arguments`, feeding it `input`.
    static func run(_ program: String, _ arguments: [String], input: String = "") async throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pagi-subprocess-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = ["in", "out", "err"].map { directory.appendingPathComponent($0) }
        try Data(input.utf8).write(to: files[0])
        for file in files.dropFirst() { try Data().write(to: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        process.standardInput = try FileHandle(forReadingFrom: files[0])
        process.standardOutput = try FileHandle(forWritingTo: files[1])
        process.standardError = try FileHandle(forWritingTo: files[2])
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            Thread {
                do {
                    try process.run()
                    process.waitUntilExit()
                    continuation.resume(returning: process.terminationStatus)
                } catch {
                    continuation.resume(throwing: error)
                }
            }.start()
        }
        let read = { (file: URL) in String(decoding: (try? Data(contentsOf: file)) ?? Data(), as: UTF8.self) }
        return Result(status: status, output: read(files[1]), error: read(files[2]))
    }
}
