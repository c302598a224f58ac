#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import NIOCore
import PAGI
import PAGIServer
import Synchronization

/// This process as one of a supervisor's workers: it heartbeats through its pipe, counts
/// its requests and watches its memory for recycling, and stops when the supervisor is gone.
final class WorkerProcess: Sendable {
    /// The worker's number (`PAGI_WORKER`).
    let number: Int
    private let pipe: Int32
    private let supervisor: pid_t
    private let interval: Duration
    private let requestLimit: Int?
    private let memoryLimit: Int?
    private let requests = Atomic(0)
    private let retired = Atomic(false)
    private let serving = Atomic(false)

    /// The worker this process is, when a supervisor started it; `nil` otherwise.
    static func current(options: WorkerCommandOptions) -> WorkerProcess? {
        guard let pipe = Self.variable(WorkerEnvironment.pipe).flatMap(Int32.init),
              let number = Self.variable(WorkerEnvironment.number).flatMap(Int.init)
        else { return nil }
        return WorkerProcess(number: number, pipe: pipe, options: options)
    }

    private init(number: Int, pipe: Int32, options: WorkerCommandOptions) {
        self.number = number
        self.pipe = pipe
        self.supervisor = getppid()
        // Five beats per timeout, as the Perl server does: one late beat is no alarm.
        self.interval = .milliseconds(Int64(options.timeoutWorkerHealthcheck * 1000 / 5))
        self.requestLimit = options.limitMaxRequests > 0 ? options.limitMaxRequests + Int.random(in: 0...options.limitMaxRequestsJitter) : nil
        self.memoryLimit = options.limitWorkerMemory > 0 ? options.limitWorkerMemory * 1024 * 1024 : nil
        // A full pipe (a stalled supervisor) must not stall an event loop, and a closed one
        // (a dead supervisor) must not kill this process before it drains.
        _ = fcntl(pipe, F_SETFL, fcntl(pipe, F_GETFL) | O_NONBLOCK)
        signal(SIGPIPE, SIG_IGN)
    }

    /// Where this worker serves: the supervisor's sockets, or its own with SO_REUSEPORT.
    func configure(_ configuration: inout ServerConfiguration) {
        let listeners = Self.variable(WorkerEnvironment.listener)?.split(separator: ",").compactMap { Int32($0) } ?? []
        if !listeners.isEmpty {
            configuration.bindings = listeners.map { .fileDescriptor($0) }
            configuration.listenerIsShared = true
        } else {
            configuration.reusePort = true
        }
        configuration.logger[metadataKey: "worker"] = "\(self.number)"
    }

    /// Tells the supervisor `message`; false when it is no longer there to read it.
    @discardableResult
    func send(_ message: WorkerMessage) -> Bool {
        // Said once, though the server reports each of its listeners.
        if message == .serving, self.serving.exchange(true, ordering: .relaxed) { return true }
        let line = message.line
        let written = line.withCString { write(self.pipe, $0, strlen($0)) }
        return written >= 0 || errno == EAGAIN || errno == EINTR
    }

    /// `app`, counting its requests (every scope but lifespan) toward the request limit.
    func counting(_ app: @escaping Application) -> Application {
        guard let limit = self.requestLimit else { return app }
        return { scope, receive, send in
            if case .lifespan = scope {} else if self.requests.add(1, ordering: .relaxed).newValue == limit {
                self.retire("served \(limit) requests")
            }
            try await app(scope, receive, send)
        }
    }

    /// Asks for a replacement, once; the supervisor stops this worker when it serves.
    private func retire(_ reason: String) {
        guard !self.retired.exchange(true, ordering: .relaxed) else { return }
        self.send(.retiring(reason: reason))
    }

    /// Heartbeats until cancelled: each beat first waits for every event loop of `group`
    /// to run a task, so that a stuck loop or a starved concurrency pool stops the beats and
    /// the supervisor replaces the worker. When the supervisor is gone, calls `orphaned`.
    func heartbeat(group: any EventLoopGroup, logger: Logger, orphaned: @escaping @Sendable () async -> Void) -> Task<Void, Never> {
        Task {
            while !Task.isCancelled {
                for loop in group.makeIterator() { try? await loop.submit {}.get() }
                guard getppid() == self.supervisor, self.send(.heartbeat) else {
                    logger.warning("Worker \(self.number): the supervisor is gone; shutting down")
                    await orphaned()
                    return
                }
                // Only once serving: a worker over the limit from its start would otherwise
                // be replaced before it ever served.
                if let limit = self.memoryLimit, self.serving.load(ordering: .relaxed), let resident = Self.residentBytes(), resident > limit {
                    self.retire("resident memory \(resident / 1_048_576) MB is over \(limit / 1_048_576) MB")
                }
                try? await Task.sleep(for: self.interval)
            }
        }
    }

    /// This process's resident memory, from `/proc/self/statm` (its second field, in pages).
    static func residentBytes() -> Int? {
        let descriptor = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: 128)
        let count = read(descriptor, &bytes, bytes.count)
        guard count > 0 else { return nil }
        let fields = String(decoding: bytes[..<count], as: UTF8.self).split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * sysconf(Int32(_SC_PAGESIZE))
    }

    private static func variable(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
