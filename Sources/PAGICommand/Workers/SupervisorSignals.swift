// Worker processes use Linux's /proc and posix_spawn's Linux behaviour: Linux only.
#if os(Linux)
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The supervisor's signals, turned into bytes on a pipe that its poll loop reads (the
/// classic self-pipe: a handler may only do async-signal-safe things, and `write` is one).
/// swift-service-lifecycle's signal sequence knows neither TTIN, TTOU nor CHLD.
enum SupervisorSignals {
    /// The signals the supervisor acts on.
    static let handled: [Int32] = [SIGTERM, SIGINT, SIGQUIT, SIGHUP, SIGTTIN, SIGTTOU, SIGCHLD]

    /// The pipe's writing end, for the handler; set once, before any handler is installed.
    nonisolated(unsafe) private static var writingEnd: Int32 = -1

    /// Installs the handlers and returns the pipe's reading end (non-blocking).
    static func install() -> Int32 {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { fatalError("pipe: \(String(cString: strerror(errno)))") }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        for end in ends { _ = fcntl(end, F_SETFL, O_NONBLOCK) }
        self.writingEnd = ends[1]
        signal(SIGPIPE, SIG_IGN)
        for number in self.handled {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(SupervisorSignals.writingEnd, &byte, 1)
            }
            action.sa_flags = SA_RESTART
            sigemptyset(&action.sa_mask)
            sigaction(number, &action, nil)
        }
        // A supervisor started from a thread that blocked signals would never see them.
        var set = sigset_t()
        sigemptyset(&set)
        for number in self.handled { sigaddset(&set, number) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        return ends[0]
    }

    /// The signals delivered since the last call, in order (a signal sent twice before the
    /// supervisor looked may show once).
    static func drain(_ reading: Int32) -> [Int32] {
        var bytes = [UInt8](repeating: 0, count: 64)
        var result: [Int32] = []
        while true {
            let count = read(reading, &bytes, bytes.count)
            guard count > 0 else { return result }
            result += bytes.prefix(count).map { Int32($0) }
        }
    }

    /// The signal's usual name, for the log.
    static func name(_ number: Int32) -> String {
        switch number {
        case SIGTERM: "SIGTERM"
        case SIGINT: "SIGINT"
        case SIGQUIT: "SIGQUIT"
        case SIGHUP: "SIGHUP"
        case SIGTTIN: "SIGTTIN"
        case SIGTTOU: "SIGTTOU"
        case SIGKILL: "SIGKILL"
        case SIGCHLD: "SIGCHLD"
        default: "signal \(number)"
        }
    }
}
#endif
