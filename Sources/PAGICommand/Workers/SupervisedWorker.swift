// Worker processes use Linux's /proc and posix_spawn's Linux behaviour: Linux only.
#if os(Linux)
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What the supervisor knows of one worker process.
struct SupervisedWorker {
    /// The worker's number (its slot): a replacement takes the number of the worker it replaces.
    let number: Int
    let pid: pid_t
    /// The heartbeat pipe's reading end; -1 once the worker closed it.
    var pipe: Int32
    /// Bytes read from the pipe that do not yet make a whole line.
    var pending: [UInt8] = []
    /// When the supervisor last heard from it (any message counts).
    var lastHeard: Double
    /// It has said it is listening and serving.
    var serving = false
    /// It is to be replaced (rolling restart, or its request or memory limit): it serves on
    /// until a fresh worker of its number serves.
    var outgoing = false
    /// The supervisor told it to stop: its exit is expected, and after this it gets SIGKILL.
    var killAt: Double?
    /// It stayed silent past the health-check timeout and was killed.
    var silenced = false
    /// Its lifespan startup failed, with this message (sent through the pipe).
    var startupFailure: String?

    init(number: Int, pid: pid_t, pipe: Int32, now: Double) {
        self.number = number
        self.pid = pid
        self.pipe = pipe
        self.lastHeard = now
    }

    /// Told to stop: it no longer counts for its slot.
    var stopping: Bool { self.killAt != nil }

    /// Serving its slot and not to be replaced.
    var fresh: Bool { !self.stopping && !self.outgoing }

    /// Appends bytes read from the pipe and returns the whole lines among them.
    mutating func receive(_ bytes: ArraySlice<UInt8>) -> [WorkerMessage] {
        self.pending += bytes
        var messages: [WorkerMessage] = []
        while let newline = self.pending.firstIndex(of: UInt8(ascii: "\n")) {
            let line = String(decoding: self.pending[..<newline], as: UTF8.self)
            self.pending.removeSubrange(...newline)
            if let message = WorkerMessage(line: Substring(line)) { messages.append(message) }
        }
        return messages
    }
}

/// The supervisor's clock: seconds on the monotonic clock.
func monotonicSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// What tells a changed file: its inode (a rebuilt binary is usually a new file), size and
/// modification time.
struct BinaryStamp: Equatable {
    let inode: UInt64
    let size: Int64
    let seconds: Int
    let nanoseconds: Int

    init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        self.inode = UInt64(status.st_ino)
        self.size = Int64(status.st_size)
        self.seconds = Int(status.st_mtim.tv_sec)
        self.nanoseconds = Int(status.st_mtim.tv_nsec)
    }
}
#endif
