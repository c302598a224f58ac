// Worker processes use Linux's /proc and posix_spawn's Linux behaviour: Linux only.
#if os(Linux)
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Starts worker processes: this binary again, from its path on disk (so that a rebuilt
/// binary is picked up by the next worker), with the same arguments. `posix_spawn` and never
/// `fork()`: the supervisor has threads, and a forked copy of them is not safe to run.
/// Only the listening sockets and the worker's heartbeat pipe are passed on.
struct WorkerSpawner {
    /// The binary's path, resolved once at startup.
    let executable: String
    let arguments: [String]
    /// The sockets the workers inherit, in order; none when each binds its own (`--reuse-port`).
    let listeners: [Int32]

    init(listeners: [Int32], arguments: [String] = CommandLine.arguments) {
        var path = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &path, path.count - 1)
        self.executable = length > 0 ? String(decoding: path.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self) : arguments[0]
        self.arguments = arguments
        self.listeners = listeners
    }

    /// A started worker: its process id and the reading end of its heartbeat pipe.
    struct Started {
        let pid: pid_t
        let pipe: Int32
    }

    /// Starts worker `number`. Throws the `errno` of a failed spawn.
    func spawn(number: Int) throws(SpawnError) -> Started {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw SpawnError(code: errno) }
        let reading = Self.raise(ends[0]), writing = Self.raise(ends[1])
        defer { close(writing) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let pipeDescriptor = WorkerEnvironment.pipeDescriptor(listeners: self.listeners.count)
        posix_spawn_file_actions_adddup2(&actions, writing, pipeDescriptor)
        if self.listeners.isEmpty {
            posix_spawn_file_actions_addclose(&actions, 3)
        }
        for (listener, target) in zip(self.listeners, WorkerEnvironment.listenerDescriptors(count: self.listeners.count)) {
            posix_spawn_file_actions_adddup2(&actions, listener, target)
        }
        // Everything else the supervisor has open stays behind, close-on-exec or not.
        for descriptor in Self.inheritable() where descriptor > pipeDescriptor {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), defaults = sigset_t()
        sigemptyset(&none)
        sigfillset(&defaults)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        // Its own process group: a terminal's Ctrl+C reaches the supervisor alone, which
        // then stops the workers in order.
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let environment = self.environment(number: number)
        var pid: pid_t = 0
        let status = Self.withCStrings(self.arguments) { argv in
            Self.withCStrings(environment) { envp in
                posix_spawn(&pid, self.executable, &actions, &attributes, argv, envp)
            }
        }
        guard status == 0 else {
            close(reading)
            throw SpawnError(code: status)
        }
        return Started(pid: pid, pipe: reading)
    }

    /// The supervisor's environment for worker `number`: the worker variables set, systemd's
    /// socket-activation variables removed (they name the supervisor's process).
    private func environment(number: Int) -> [String] {
        let dropped = ["LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES", WorkerEnvironment.number, WorkerEnvironment.pipe, WorkerEnvironment.listener]
        var result: [String] = []
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            let name = text.prefix { $0 != "=" }
            if !dropped.contains(String(name)) { result.append(text) }
            entry += 1
        }
        result.append("\(WorkerEnvironment.number)=\(number)")
        result.append("\(WorkerEnvironment.pipe)=\(WorkerEnvironment.pipeDescriptor(listeners: self.listeners.count))")
        if !self.listeners.isEmpty {
            let descriptors = WorkerEnvironment.listenerDescriptors(count: self.listeners.count)
            result.append("\(WorkerEnvironment.listener)=\(descriptors.map { String($0) }.joined(separator: ","))")
        }
        return result
    }

    /// The open descriptors without close-on-exec, which a new process would inherit.
    private static func inheritable() -> [Int32] {
        guard let directory = opendir("/proc/self/fd") else { return [] }
        defer { closedir(directory) }
        var result: [Int32] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if let descriptor = Int32(name), descriptor != dirfd(directory), fcntl(descriptor, F_GETFD) & FD_CLOEXEC == 0 {
                result.append(descriptor)
            }
        }
        return result
    }

    /// `descriptor` moved to 100 or above, close-on-exec: above the numbers a worker gets
    /// its sockets and pipe at (3 onward), so that no dup2 overwrites a source.
    static func raise(_ descriptor: Int32) -> Int32 {
        let raised = fcntl(descriptor, F_DUPFD_CLOEXEC, 100)
        guard raised >= 0 else { return descriptor }
        close(descriptor)
        return raised
    }

    /// A NULL-terminated C array of `strings`, for the length of `body`.
    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return body(pointers)
    }
}

/// A worker could not be started.
struct SpawnError: Error, CustomStringConvertible {
    let code: Int32
    var description: String { "cannot start a worker: \(String(cString: strerror(self.code)))" }
}
#endif
