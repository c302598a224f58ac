import Logging

/// The services one request sees: the Simple applications it passes through (the innermost
/// first) and its per-request instances, which the outermost application releases once the
/// response has been sent.
struct RequestServices: Sendable {
    let runtimes: [AppRuntime]
    let store: InstanceStore

    /// The services of a request entering `runtime`'s application, inside `outer` (those of
    /// the Simple application it is mounted in, if any: the request keeps one store).
    init(entering runtime: AppRuntime, outer: RequestServices?) {
        self.runtimes = [runtime] + (outer?.runtimes ?? [])
        self.store = outer?.store ?? InstanceStore()
    }

    /// Shuts down the per-request instances made, newest first; errors are logged.
    func release(logger: Logger) async {
        guard !self.store.isEmpty else { return }
        for failure in await self.store.shutdownAll() {
            logger.error("The per-request service \(failure.service) failed to shut down: \(failure.error)")
        }
    }
}
