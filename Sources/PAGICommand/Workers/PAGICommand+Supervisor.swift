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
        if let activated = SocketActivation.inheritedListener() { configuration.binding = .fileDescriptor(activated) }
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
        let listener: ListeningSocket?, pidFile: PIDFile?
        do {
            (listener, pidFile) = try self.prepare(process, configuration: configuration)
        } catch {
            self.printError("pagi-server: \(error)")
            return 1
        }
        defer { pidFile?.remove() }
        let spawner = WorkerSpawner(listener: listener.map { WorkerSpawner.raise($0.descriptor) })
        var place = listener?.address ?? ""
        if case .tcp(let host, let port) = configuration.binding, listener == nil { place = "\(host):\(port) (each worker binds it with SO_REUSEPORT)" }
        logger.info("PAGI supervisor (pid \(getpid())) listening on \(place) with \(process.workerCount) worker(s) - press Ctrl+C to stop")
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
            let (listener, pidFile) = try self.prepare(process, configuration: configuration)
            if let listener { configuration.binding = .fileDescriptor(listener.descriptor) }
            return pidFile
        } catch {
            self.printError("pagi-server: \(error)")
            exit(1)
        }
    }

    /// Binds the listening socket (not with `--reuse-port`: each worker binds its own), then
    /// writes `--pid` and gives up root for `--user`, in that order.
    private static func prepare(_ process: WorkerCommandOptions, configuration: ServerConfiguration) throws -> (ListeningSocket?, PIDFile?) {
        var listener: ListeningSocket?
        if process.reusePort {
            guard case .tcp(_, let port) = configuration.binding, port != 0 else {
                throw ProcessSetupError("--reuse-port needs a TCP address with a fixed port (--host and --port, not 0)")
            }
        } else {
            listener = try ListeningSocket.open(configuration.binding, backlog: configuration.backlog)
        }
        let pidFile = process.pid.map(PIDFile.init)
        try pidFile?.write()
        if let user = process.user { try Privileges.drop(user: user, group: process.group) }
        return (listener, pidFile)
    }
}
#endif
