// Worker processes use Linux's /proc and posix_spawn's Linux behaviour: Linux only.
#if os(Linux)
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import NIOPosix
import PAGI
import PAGIServer

extension PAGICommand {
    /// Serves as the options say: one process (as before), a supervisor (`--workers`), or
    /// one of a supervisor's workers (started with its variables); exits.
    static func runProcessModel(app: @escaping Application, options: ServerOptions, configuration: ServerConfiguration, appName: String?) async -> Never {
        var configuration = configuration
        let activated = SocketActivation.inheritedListeners()
        if !activated.isEmpty { configuration.bindings = activated.map { .fileDescriptor($0) } }
        let worker = WorkerProcess.current(options: options.process)
        if worker == nil && options.process.supervised {
            exit(self.supervise(options: options, configuration: configuration))
        }
        if options.eventLoopExecutor {
            configuration.eventLoopGroup = self.runConcurrencyOnEventLoops(threads: configuration.threads)
        }
        guard let worker else {
            let pidFile = self.bindForProcessOptions(options.process, configuration: &configuration)
            let code = await self.run(app: app, configuration: configuration, appName: appName)
            pidFile?.remove()
            exit(code)
        }
        worker.configure(&configuration)
        // The heartbeat proves the server's own loops answer: the worker owns them.
        if configuration.eventLoopGroup == nil { configuration.eventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: max(1, configuration.threads)) }
        exit(await self.run(app: worker.counting(app), configuration: configuration, appName: appName, worker: worker))
    }

    /// `--workers N` / `--supervise`: binds once, writes the pid file, gives up root, then
    /// supervises the workers until it stops; returns the exit code (0 after a graceful stop,
    /// 3 when every worker failed its lifespan startup, 1 when it could not start).
    static func supervise(options: ServerOptions, configuration: ServerConfiguration) -> Int32 {
        let process = options.process
        let logger = configuration.logger
        let listeners: [ListeningSocket], pidFile: PIDFile?
        do {
            (listeners, pidFile) = try self.prepare(process, configuration: configuration)
        } catch {
            self.printError("pagi-server: \(error)")
            return 1
        }
        defer { pidFile?.remove() }
        let spawner = WorkerSpawner(listeners: listeners.map { WorkerSpawner.raise($0.descriptor) })
        // One line per listener, as a single server logs them.
        let places = listeners.isEmpty ? configuration.bindings.map { "\($0) (each worker binds it with SO_REUSEPORT)" } : listeners.map(\.address)
        for place in places {
            logger.info("PAGI supervisor (pid \(getpid())) listening on \(place) with \(process.workerCount) worker(s) - press Ctrl+C to stop")
        }
        let settings = Supervisor.Settings(
            workers: process.workerCount,
            healthcheckTimeout: process.timeoutWorkerHealthcheck,
            // A worker closes what is left when its timeout is up: one more second for that.
            gracefulTimeout: configuration.timeoutGracefulShutdown / .seconds(1) + 1,
            reload: process.reload
        )
        let code = Supervisor(spawner: spawner, settings: settings, logger: logger).run()
        logger.info("Supervisor stopped")
        return code
    }

    /// One process with `--pid` or `--user`: binds here first (so that the file is written,
    /// and root given up, once the socket is bound), then serves on that socket. Exits with
    /// code 1 and one line when it cannot. Without those options, changes nothing.
    static func bindForProcessOptions(_ process: WorkerCommandOptions, configuration: inout ServerConfiguration) -> PIDFile? {
        guard process.pid != nil || process.user != nil else { return nil }
        do {
            let (listeners, pidFile) = try self.prepare(process, configuration: configuration)
            if !listeners.isEmpty { configuration.bindings = listeners.map { .fileDescriptor($0.descriptor) } }
            return pidFile
        } catch {
            self.printError("pagi-server: \(error)")
            exit(1)
        }
    }

    /// Binds every listening socket (not with `--reuse-port`: each worker binds its own),
    /// then writes `--pid` and gives up root for `--user`, in that order. When one cannot be
    /// bound, those bound before it are closed and its error names it.
    private static func prepare(_ process: WorkerCommandOptions, configuration: ServerConfiguration) throws -> ([ListeningSocket], PIDFile?) {
        var listeners: [ListeningSocket] = []
        if process.reusePort {
            for binding in configuration.bindings {
                guard case .tcp(_, let port) = binding, port != 0 else {
                    throw ProcessSetupError("--reuse-port needs TCP addresses with a fixed port (--host and --port, or --listen HOST:PORT, not 0)")
                }
            }
        } else {
            do {
                for binding in configuration.bindings { listeners.append(try ListeningSocket.open(binding, backlog: configuration.backlog)) }
            } catch {
                for listener in listeners { close(listener.descriptor) }
                throw error
            }
        }
        let pidFile = process.pid.map(PIDFile.init)
        try pidFile?.write()
        if let user = process.user { try Privileges.drop(user: user, group: process.group) }
        return (listeners, pidFile)
    }
}
#endif
