/// Runs `operation`, failing with ``TestClientError/timedOut(_:)`` when it takes longer than
/// `limit`; `what` says what was being waited for.
func withTimeout<Result: Sendable>(
    _ limit: Duration,
    waitingFor what: @autoclosure () -> String,
    _ operation: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    let description = what()
    return try await withThrowingTaskGroup(of: Result.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw TestClientError.timedOut("\(description) (waited \(limit))")
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
