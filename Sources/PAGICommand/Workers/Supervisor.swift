// Worker processes use Linux's /proc and posix_spawn's Linux behaviour: Linux only.
#if os(Linux)
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Logging

/// The supervisor of `--workers N`: it holds the listening socket, starts the workers, and
/// then runs one poll loop over its signals and the workers' heartbeat pipes until it stops.
/// It runs no application and no event loop of its own: all it does is keep N healthy
/// workers and, on TERM, stop them and reap every one.
final class Supervisor {
    struct Settings {
        var workers: Int
        var healthcheckTimeout: Double
        var gracefulTimeout: Double
        /// How long a worker told to stop at once (QUIT) gets before SIGKILL.
        var quitTimeout: Double = 5
        /// Restart the workers when the binary changes on disk (`--reload`).
        var reload = false
    }

    let spawner: WorkerSpawner
    let logger: Logger
    var settings: Settings
    var workers: [SupervisedWorker] = []
    /// Per worker number: crashes in a row (reset when one of that number serves) and when
    /// the next may start.
    var crashes: [Int: (count: Int, nextStart: Double)] = [:]
    /// Numbers whose worker failed its lifespan startup: not started again.
    var failedNumbers: Set<Int> = []
    /// The first lifespan startup failure, reported if every worker fails.
    var startupFailure: String?
    /// Set once a shutdown began.
    var shutdown: Shutdown?
    /// The exit code once the loop is over.
    var exitCode: Int32 = 0

    enum Shutdown { case graceful, immediate }

    /// The binary as last seen on disk, and a change seen once (acted on when it holds a
    /// second later, so that a binary half written by the linker is not started).
    var binary: BinaryStamp?
    var changedBinary: BinaryStamp?

    init(spawner: WorkerSpawner, settings: Settings, logger: Logger) {
        self.spawner = spawner
        self.settings = settings
        self.logger = logger
    }

    /// Runs until the supervisor stops; returns the exit code. Blocks its thread.
    func run() -> Int32 {
        let signals = SupervisorSignals.install()
        var nextHealthCheck = monotonicSeconds(), nextReloadCheck = monotonicSeconds() + 1
        self.binary = BinaryStamp(path: self.spawner.executable)
        while !(self.shutdown != nil && self.workers.isEmpty) {
            let now = monotonicSeconds()
            if now >= nextHealthCheck {
                self.checkHealth(now: now)
                nextHealthCheck = now + self.settings.healthcheckTimeout / 2
            }
            if self.settings.reload && now >= nextReloadCheck {
                self.checkBinary()
                nextReloadCheck = now + 1
            }
            self.reconcile(now: monotonicSeconds())
            if self.shutdown != nil && self.workers.isEmpty { break }
            self.wait(signals: signals, until: min(nextHealthCheck, self.settings.reload ? nextReloadCheck : .infinity, self.nextDeadline()))
            for signal in SupervisorSignals.drain(signals) { self.handle(signal: signal) }
            self.reap()
        }
        return self.exitCode
    }

    /// Polls the signal pipe and every worker's pipe until something is readable or
    /// `deadline` passes, and reads what the workers said.
    private func wait(signals: Int32, until deadline: Double) {
        var descriptors = [pollfd(fd: signals, events: Int16(POLLIN), revents: 0)]
        descriptors += self.workers.filter { $0.pipe >= 0 }.map { pollfd(fd: $0.pipe, events: Int16(POLLIN), revents: 0) }
        let milliseconds = Int32(max(0, min(1000, (deadline - monotonicSeconds()) * 1000)).rounded(.up))
        guard poll(&descriptors, nfds_t(descriptors.count), milliseconds) > 0 else { return }
        for descriptor in descriptors.dropFirst() where descriptor.revents != 0 {
            self.readPipe(descriptor.fd)
        }
    }

    /// Reads what a worker wrote; closes its pipe at the end.
    func readPipe(_ pipe: Int32) {
        guard let index = self.workers.firstIndex(where: { $0.pipe == pipe }) else { return }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(pipe, &buffer, buffer.count)
        guard count > 0 else {
            // The worker closed it: it is exiting. Its SIGCHLD follows.
            if count == 0 || errno != EINTR {
                close(pipe)
                self.workers[index].pipe = -1
            }
            return
        }
        let now = monotonicSeconds()
        self.workers[index].lastHeard = now
        for message in self.workers[index].receive(buffer[..<count]) {
            self.handle(message, from: index, now: now)
        }
    }

    /// The earliest time something is due: a delayed start or a SIGKILL.
    private func nextDeadline() -> Double {
        let kills = self.workers.compactMap(\.killAt)
        let starts = self.crashes.values.map(\.nextStart).filter { $0 > monotonicSeconds() }
        return (kills + starts).min() ?? .infinity
    }

    private func handle(signal: Int32) {
        switch signal {
        case SIGCHLD:
            return  // reaped after every wake-up
        case SIGTERM, SIGINT:
            guard self.shutdown == nil else { return }
            self.logger.info("Supervisor: \(SupervisorSignals.name(signal)): stopping \(self.workers.count) worker(s) gracefully (at most \(self.settings.gracefulTimeout) s)")
            self.shutdown = .graceful
            for index in self.workers.indices { self.stop(index, signal: SIGTERM, within: self.settings.gracefulTimeout) }
        case SIGQUIT:
            self.logger.info("Supervisor: SIGQUIT: stopping every worker at once")
            self.shutdown = .immediate
            for index in self.workers.indices { self.stop(index, signal: SIGQUIT, within: self.settings.quitTimeout) }
        case SIGHUP:
            self.restartAll(reason: "SIGHUP")
        case SIGTTIN:
            guard self.shutdown == nil else { return }
            self.settings.workers += 1
            self.logger.info("Supervisor: SIGTTIN: \(self.settings.workers) worker(s)")
        case SIGTTOU:
            guard self.shutdown == nil, self.settings.workers > 1 else { return }
            self.settings.workers -= 1
            self.logger.info("Supervisor: SIGTTOU: \(self.settings.workers) worker(s)")
        default:
            return
        }
    }

    /// A rolling restart: every worker is to be replaced, each once its replacement serves.
    /// A number whose startup failed is tried again (the binary may have been fixed).
    func restartAll(reason: String) {
        guard self.shutdown == nil else { return }
        self.logger.info("Supervisor: \(reason): rolling restart of \(self.workers.count) worker(s)")
        self.failedNumbers.removeAll()
        for index in self.workers.indices where !self.workers[index].stopping { self.workers[index].outgoing = true }
    }

    /// `--reload`: a rolling restart once a change of the binary has held for a second.
    private func checkBinary() {
        let now = BinaryStamp(path: self.spawner.executable)
        guard now != self.binary else {
            self.changedBinary = nil
            return
        }
        guard now != nil, now == self.changedBinary else {
            self.changedBinary = now
            return
        }
        self.binary = now
        self.changedBinary = nil
        self.restartAll(reason: "the binary changed on disk")
    }

    /// Sends `signal` to worker `index` and kills it if it is still there after `seconds`.
    func stop(_ index: Int, signal: Int32, within seconds: Double) {
        let deadline = monotonicSeconds() + seconds
        self.workers[index].killAt = min(self.workers[index].killAt ?? deadline, deadline)
        kill(self.workers[index].pid, signal)
    }

    /// Starts worker `number`; a failure to start counts as a crash.
    func start(number: Int, now: Double) {
        do {
            let started = try self.spawner.spawn(number: number)
            self.workers.append(SupervisedWorker(number: number, pid: started.pid, pipe: started.pipe, now: now))
            self.logger.info("Supervisor: worker \(number) started (pid \(started.pid))")
        } catch {
            self.logger.error("Supervisor: \(error)")
            self.recordCrash(number: number, now: now)
        }
    }
}
#endif
