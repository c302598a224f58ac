/// What a worker tells its supervisor, one line each through the heartbeat pipe.
enum WorkerMessage: Equatable {
    /// Alive: the event loops and the concurrency pool answered.
    case heartbeat
    /// Listening and serving: a replacement may now stop the worker it replaces.
    case serving
    /// Reached its request or memory limit: start a replacement, then tell it to stop.
    case retiring(reason: String)
    /// Lifespan startup failed: the worker exits with ``WorkerExit/startupFailed``.
    case startupFailed(message: String)

    /// The line for the pipe.
    var line: String {
        switch self {
        case .heartbeat: "H\n"
        case .serving: "S\n"
        case .retiring(let reason): "R \(Self.oneLine(reason))\n"
        case .startupFailed(let message): "F \(Self.oneLine(message))\n"
        }
    }

    /// Parses a line without its newline; `nil` for anything else.
    init?(line: Substring) {
        let text = line.dropFirst(2)
        switch line.first {
        case "H": self = .heartbeat
        case "S": self = .serving
        case "R": self = .retiring(reason: String(text))
        case "F": self = .startupFailed(message: String(text))
        default: return nil
        }
    }

    private static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}

/// How a worker ends, as its exit status tells the supervisor.
enum WorkerExit {
    /// Its lifespan startup failed: replacing it would fail the same way.
    static let startupFailed: Int32 = 3
}

/// The environment a supervisor gives each worker.
enum WorkerEnvironment {
    /// The worker's number, 1 to `--workers` (a replacement keeps the number of the worker
    /// it replaces). Applications read it too.
    static let number = "PAGI_WORKER"
    /// The descriptor of the heartbeat pipe's writing end; its presence makes a worker.
    static let pipe = "PAGI_WORKER_PIPE"
    /// The descriptors of the inherited listening sockets, comma-separated (absent with
    /// `--reuse-port`).
    static let listener = "PAGI_WORKER_LISTEN_FD"

    /// Where a worker finds `count` listening sockets: 3, 4, ... in order.
    static func listenerDescriptors(count: Int) -> [Int32] {
        (0..<count).map { 3 + Int32($0) }
    }

    /// Where a worker finds its heartbeat pipe: just after its listening sockets, and never
    /// below 4 (so that with one socket, or none, the numbers are those of one listener).
    static func pipeDescriptor(listeners count: Int) -> Int32 {
        3 + Int32(max(1, count))
    }
}
