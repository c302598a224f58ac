import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import NIOCore
import NIOPosix
public import PAGI
public import PAGIServer
import PAGIServerTLS
import ServiceLifecycle
import UnixSignals

/// Runs a PAGI application with the reference server, configured from the command line.
///
/// A user's own executable gets every server option:
///
/// ```swift
/// @main enum Main {
///     static func main() async { await PAGICommand.main(app: myApp) }
/// }
/// ```
///
/// SIGTERM or SIGINT starts a graceful shutdown; a second signal stops at once.
public enum PAGICommand {
    /// Parses the process arguments as ``ServerOptions`` (with a config file and `PAGI_*`
    /// variables under them, see ``parse(_:arguments:environment:printConfig:)``), serves
    /// `app`, and exits: 0 after a graceful shutdown, 3 when lifespan startup failed, 1 for
    /// other errors (unusable TLS files among them, before anything listens), 64 for bad
    /// options or an unusable config file.
    public static func main(app: @escaping Application, arguments: [String]? = nil) async -> Never {
        let options = self.parse(ServerOptions.self, arguments: arguments) { $0.printConfig }
        await self.main(app: app, options: options, appName: nil)
    }

    /// Serves `app` with `options` and exits (see ``main(app:arguments:)``).
    public static func main(app: @escaping Application, options: ServerOptions, appName: String?) async -> Never {
        var configuration: ServerConfiguration
        do {
            configuration = try options.configuration()
        } catch let error as TLSSetupError {
            Self.printError("pagi-server: \(error)")
            exit(1)
        } catch {
            ServerOptions.exit(withError: error)
        }
        let environment = options.exportEnvironment()
        let app = environment.wrap(app, label: appName ?? "app")
        configuration.logger.info("Environment: \(environment)\(environment == .development ? " (Lint checks every event strictly)" : "")")
        #if os(Linux)
        await self.runProcessModel(app: app, options: options, configuration: configuration, appName: appName)
        #else
        if options.process.supervised || options.process.pid != nil || options.process.user != nil {
            Self.printError("pagi-server: --workers, --supervise, --pid and --user need Linux")
            exit(1)
        }
        if options.eventLoopExecutor {
            configuration.eventLoopGroup = self.runConcurrencyOnEventLoops(threads: configuration.threads)
        }
        exit(await self.run(app: app, configuration: configuration, appName: appName))
        #endif
    }

    /// Makes NIO's singleton event loops, `threads` of them, Swift concurrency's global
    /// executor too, so that a connection's task runs on its channel's loop instead of hopping
    /// to the cooperative pool and back for every read and write. Process-wide, and only
    /// possible once, before other tasks start: hence here and not in ``PAGIServer``. Returns
    /// `nil` (the server then makes its own loops) when the runtime refuses the hook.
    static func runConcurrencyOnEventLoops(threads: Int) -> MultiThreadedEventLoopGroup? {
        NIOSingletons.groupLoopCountSuggestion = max(1, threads)
        guard NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor() else { return nil }
        return MultiThreadedEventLoopGroup.singleton
    }

    /// Serves `app` until a signal stops it; returns the exit code.
    public static func run(app: @escaping Application, configuration: ServerConfiguration, appName: String?) async -> Int32 {
        await self.run(app: app, configuration: configuration, appName: appName, worker: nil)
    }

    /// Serves `app`, as a supervisor's `worker` when there is one: it then tells the
    /// supervisor when it serves, heartbeats, stops at once on QUIT, and reports a failed
    /// lifespan startup through its pipe instead of standard error.
    static func run(app: @escaping Application, configuration: ServerConfiguration, appName: String?, worker: WorkerProcess?) async -> Int32 {
        let logger = configuration.logger
        let secure = configuration.connectionSecurity != nil
        let server = PAGIServer(app: app, configuration: configuration) { address in
            if let worker {
                worker.send(.serving)
                logger.debug("Worker \(worker.number) (pid \(getpid())) serving on \(Self.url(address, secure: secure))")
                return
            }
            logger.info("PAGI server listening on \(Self.url(address, secure: secure))\(appName.map { " (app: \($0))" } ?? "") - press Ctrl+C to stop")
        }
        let group = ServiceGroup(configuration: .init(services: [server], logger: logger))
        let heartbeat = worker.map { worker in
            worker.heartbeat(group: configuration.eventLoopGroup!, logger: logger) { await group.triggerGracefulShutdown() }
        }
        let signals = Task {
            var count = 0
            for await signal in await UnixSignalsSequence(trapping: worker == nil ? [.sigterm, .sigint] : [.sigterm, .sigint, .sigquit]) {
                count += 1
                if signal == .sigquit {
                    return true
                } else if count == 1 {
                    logger.info("Received \(signal): shutting down gracefully (send it again to stop at once)")
                    await group.triggerGracefulShutdown()
                } else {
                    logger.warning("Received \(signal) again: stopping now")
                    return true
                }
            }
            return false
        }
        let running = Task { try await group.run() }
        let stopNow = Task {
            if await signals.value { running.cancel() }
        }
        defer {
            signals.cancel()
            stopNow.cancel()
            heartbeat?.cancel()
        }
        do {
            try await running.value
            return 0
        } catch {
            let (message, code) = Self.describe(error)
            if let message {
                // A worker's failed startup reaches the user once, through the supervisor.
                if let worker, code == WorkerExit.startupFailed { worker.send(.startupFailed(message: message)) } else { Self.printError("pagi-server: \(message)") }
            }
            return code
        }
    }

    /// One clear line for an error that stopped the server, and the exit code.
    static func describe(_ error: any Error) -> (String?, Int32) {
        if error is CancellationError { return (nil, 0) }
        if let startup = error as? LifespanStartupError { return (startup.description, 3) }
        if let failed = error as? BindingError {
            let place = failed.binding.description
            if let io = failed.underlying as? IOError { return (ListenError(place: place, errno: io.errnoCode).description, 1) }
            return (ListenError(place: place, message: "\(failed.underlying)").description, 1)
        }
        return ("\(error)", 1)
    }

    /// Writes a line to standard error.
    static func printError(_ line: String) {
        let text = line + "\n"
        _ = text.withCString { write(2, $0, strlen($0)) }
    }

    static func url(_ address: NetworkAddress, secure: Bool) -> String {
        let scheme = secure ? "https" : "http"
        switch address {
        case .tcp(let host, let port): return host.contains(":") ? "\(scheme)://[\(host)]:\(port)/" : "\(scheme)://\(host):\(port)/"
        case .unix(let path): return "unix:\(path)"
        }
    }
}
