// Worker processes use Linux's /proc and posix_spawn's Linux behaviour: Linux only.
#if os(Linux)
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension Supervisor {
    /// Brings the workers in line with what is wanted: one fresh worker for every number
    /// from 1 to the worker count (after a crash, once its backoff has passed), outgoing
    /// workers stopped once their replacement serves, workers above the count stopped, and
    /// SIGKILL for every worker past its stop deadline.
    func reconcile(now: Double) {
        for index in self.workers.indices {
            if let killAt = self.workers[index].killAt, now >= killAt {
                self.logger.warning("Supervisor: worker \(self.workers[index].number) (pid \(self.workers[index].pid)) did not stop in time: SIGKILL")
                kill(self.workers[index].pid, SIGKILL)
                self.workers[index].killAt = .infinity
            }
        }
        guard self.shutdown == nil else { return }
        for index in self.workers.indices where self.workers[index].number > self.settings.workers && !self.workers[index].stopping {
            self.logger.info("Supervisor: stopping worker \(self.workers[index].number) (pid \(self.workers[index].pid))")
            self.stop(index, signal: SIGTERM, within: self.settings.gracefulTimeout)
        }
        for number in 1...self.settings.workers where !self.failedNumbers.contains(number) {
            let mine = self.workers.indices.filter { self.workers[$0].number == number && !self.workers[$0].stopping }
            let fresh = mine.filter { self.workers[$0].fresh }
            if fresh.isEmpty {
                if let crash = self.crashes[number], crash.nextStart > now { continue }
                self.start(number: number, now: now)
            } else if fresh.contains(where: { self.workers[$0].serving }) {
                for index in mine where self.workers[index].outgoing {
                    self.logger.info("Supervisor: worker \(number) (pid \(self.workers[index].pid)) replaced: stopping it")
                    self.stop(index, signal: SIGTERM, within: self.settings.gracefulTimeout)
                }
            }
        }
    }

    /// Kills every running worker that has been silent past the health-check timeout (a
    /// stuck process, or one still starting after that long); it is then replaced.
    func checkHealth(now: Double) {
        for index in self.workers.indices where !self.workers[index].stopping {
            let silence = now - self.workers[index].lastHeard
            guard silence > self.settings.healthcheckTimeout else { continue }
            let worker = self.workers[index]
            self.logger.error("Supervisor: worker \(worker.number) (pid \(worker.pid)) silent for \(Int(silence)) s: SIGKILL")
            self.workers[index].silenced = true
            kill(worker.pid, SIGKILL)
            self.workers[index].killAt = .infinity
        }
    }

    /// Acts on a message from worker `index`.
    func handle(_ message: WorkerMessage, from index: Int, now: Double) {
        let worker = self.workers[index]
        switch message {
        case .heartbeat:
            break
        case .serving:
            self.workers[index].serving = true
            self.crashes[worker.number] = nil
            self.logger.info("Supervisor: worker \(worker.number) (pid \(worker.pid)) serving")
        case .retiring(let reason):
            guard !worker.stopping else { return }
            self.logger.info("Supervisor: worker \(worker.number) (pid \(worker.pid)) retiring (\(reason)): starting its replacement")
            self.workers[index].outgoing = true
        case .startupFailed(let message):
            self.workers[index].startupFailure = message
        }
    }

    /// Collects every worker that ended (so that none stays a zombie) and decides what its
    /// end means.
    func reap() {
        while true {
            var status: Int32 = 0
            let pid = waitpid(-1, &status, WNOHANG)
            guard pid > 0 else { return }
            guard let index = self.workers.firstIndex(where: { $0.pid == pid }) else { continue }
            // What it wrote before it ended (why its startup failed) may still be unread;
            // with the worker gone the pipe ends, so reading cannot block.
            while self.workers[index].pipe >= 0 { self.readPipe(self.workers[index].pipe) }
            let worker = self.workers.remove(at: index)
            self.ended(worker, status: status, now: monotonicSeconds())
        }
    }

    private func ended(_ worker: SupervisedWorker, status: Int32, now: Double) {
        let exited = status & 0x7f == 0
        let code = (status >> 8) & 0xff
        let how = exited ? "exited with code \(code)" : "was killed by \(SupervisorSignals.name(status & 0x7f))"
        if worker.stopping && !worker.silenced {
            self.logger.info("Supervisor: worker \(worker.number) (pid \(worker.pid)) stopped (\(how))")
            return
        }
        if exited && code == WorkerExit.startupFailed && !worker.serving {
            let message = worker.startupFailure ?? "lifespan startup failed"
            self.logger.error("Supervisor: worker \(worker.number) (pid \(worker.pid)) failed its lifespan startup; not restarted: \(message)")
            self.failedNumbers.insert(worker.number)
            if self.startupFailure == nil { self.startupFailure = message }
            self.stopIfEveryWorkerFailed()
            return
        }
        guard self.shutdown == nil else { return }
        self.logger.error("Supervisor: worker \(worker.number) (pid \(worker.pid)) \(how): restarting it")
        self.recordCrash(number: worker.number, now: now)
    }

    /// A worker of `number` ended unasked: the next one starts after a backoff that doubles
    /// with each crash in a row (at once, then 0.5 s, 1 s, ... up to 10 s).
    func recordCrash(number: Int, now: Double) {
        let count = (self.crashes[number]?.count ?? 0) + 1
        let delay = count == 1 ? 0 : min(10, 0.5 * Double(1 << min(count - 2, 10)))
        self.crashes[number] = (count, now + delay)
    }

    /// When no worker is left serving and every number failed its startup, there is nothing
    /// to supervise: the supervisor stops with exit code 3.
    private func stopIfEveryWorkerFailed() {
        let numbers = Set(1...self.settings.workers)
        guard self.shutdown == nil, numbers.isSubset(of: self.failedNumbers), !self.workers.contains(where: \.serving) else { return }
        self.logger.critical("Supervisor: every worker failed its lifespan startup: stopping")
        PAGICommand.printError("pagi-server: \(self.startupFailure ?? "lifespan startup failed")")
        self.exitCode = WorkerExit.startupFailed
        self.shutdown = .graceful
        for index in self.workers.indices { self.stop(index, signal: SIGTERM, within: self.settings.gracefulTimeout) }
    }
}
#endif
