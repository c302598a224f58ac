public import ArgumentParser

/// The process-model options: `--workers` runs a supervisor that binds once and starts that
/// many worker processes (each a fresh copy of this binary) on the inherited listening socket.
/// Without `--workers` or `--supervise` the server is one process, exactly as before.
public struct WorkerCommandOptions: ParsableArguments, Sendable {
    @Option(name: [.customShort("w"), .long], help: "Worker processes under a supervisor that binds once, restarts the dead, replaces the hung and reaps every child (default: one process, no supervisor).")
    public var workers: Int?

    @Flag(help: "Run a supervisor even for a single worker (--workers 1 alone is one process): crash restarts, rolling restarts on HUP, recycling.")
    public var supervise = false

    @Flag(help: "Each worker binds the address itself with SO_REUSEPORT (the kernel balances connections) instead of inheriting the supervisor's socket. TCP only.")
    public var reusePort = false

    @Flag(help: "Development: restart the workers (a rolling restart, as on HUP) when the binary changes on disk, say after swift build. Starts a supervisor.")
    public var reload = false

    @Option(help: "Seconds a worker may stay silent (no heartbeat: a stuck event loop or concurrency pool) before the supervisor kills and replaces it; also how long a new worker may take to start serving.")
    public var timeoutWorkerHealthcheck: Double = 30

    @Option(help: "Requests a worker serves before it is replaced (its replacement starts first; 0: no limit).")
    public var limitMaxRequests = 0

    @Option(help: "A random number of requests from 0 to this, added to --limit-max-requests for each worker, so that workers are not all replaced at once.")
    public var limitMaxRequestsJitter = 0

    @Option(help: ArgumentHelp("Replace a worker whose resident memory passes this many megabytes (its replacement starts first; 0: no limit).", valueName: "MB"))
    public var limitWorkerMemory = 0

    @Option(help: ArgumentHelp("Write the supervisor's process id to this file once it listens; removed on exit.", valueName: "path"))
    public var pid: String?

    @Option(help: ArgumentHelp("Run as this user (name or id) after binding: bind a port below 1024 as root, then serve without root.", valueName: "user"))
    public var user: String?

    @Option(help: ArgumentHelp("Run as this group (name or id) after binding (default: the --user's primary group).", valueName: "group"))
    public var group: String?

    public init() {}

    /// Whether the options ask for a supervisor and worker processes: more than one worker,
    /// `--supervise` or `--reload` (`--workers 1` alone is the single process it always was).
    public var supervised: Bool { self.workerCount > 1 || self.supervise || self.reload }

    /// How many workers the supervisor starts.
    public var workerCount: Int { self.workers ?? 1 }

    public mutating func validate() throws {
        if let workers = self.workers, workers < 1 { throw ValidationError("--workers must be 1 or more") }
        if !(self.timeoutWorkerHealthcheck > 0 && self.timeoutWorkerHealthcheck.isFinite) {
            throw ValidationError("--timeout-worker-healthcheck must be a number of seconds above 0")
        }
        for (value, name) in [(self.limitMaxRequests, "--limit-max-requests"), (self.limitMaxRequestsJitter, "--limit-max-requests-jitter"), (self.limitWorkerMemory, "--limit-worker-memory")] where value < 0 {
            throw ValidationError("\(name) must be 0 or more")
        }
        if self.limitMaxRequestsJitter > 0 && self.limitMaxRequests == 0 {
            throw ValidationError("--limit-max-requests-jitter needs --limit-max-requests")
        }
        let needsSupervisor = self.reusePort || self.limitMaxRequests > 0 || self.limitWorkerMemory > 0
        if needsSupervisor && !self.supervised {
            throw ValidationError("--reuse-port, --limit-max-requests and --limit-worker-memory need a supervisor: --workers 2 or more, or --supervise")
        }
        if self.group != nil && self.user == nil { throw ValidationError("--group needs --user") }
    }
}
