import NIOPosix
import Synchronization

/// The threads `runBlocking` runs closures on: a `NIOThreadPool`, started on first use and
/// shut down at lifespan shutdown (the next use starts a new one). Closures beyond the number
/// of threads wait in its queue for their turn.
final class BlockingPool: Sendable {
    private let pool = Mutex<NIOThreadPool?>(nil)

    /// Runs `body` on one of the pool's threads (a pool of `threads` when it must be started)
    /// and returns its result. A caller cancelled before `body` started gets a
    /// `CancellationError` and `body` never runs; once started, `body` runs to its end (a
    /// thread cannot be interrupted) and the caller waits for it.
    func run<Result: Sendable>(threads: Int, _ body: @escaping @Sendable () throws -> Result) async throws -> Result {
        let pool = self.pool.withLock { pool in
            if let pool { return pool }
            let started = NIOThreadPool(numberOfThreads: threads)
            started.start()
            pool = started
            return started
        }
        return try await pool.runIfActive(body)
    }

    /// Stops the pool: closures still queued get a `CancellationError`; those running are
    /// waited for.
    func shutdown() async {
        let pool = self.pool.withLock { pool in
            defer { pool = nil }
            return pool
        }
        try? await pool?.shutdownGracefully()
    }

    deinit {
        // Without a lifespan nobody shut the pool down: let its threads go.
        self.pool.withLock { $0 }?.shutdownGracefully { _ in }
    }
}
