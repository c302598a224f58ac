extension ConnectionState {
    /// Suspends for `duration`, or until the client disconnects, whichever comes first.
    /// Returns `true` when the full time passed with the client still connected: the shape of
    /// a streaming loop that should stop as soon as nobody is listening. Once the request has
    /// ended (disconnected, or its response completed) it returns `false` at once: it is not
    /// a general-purpose delay.
    ///
    /// ```swift
    /// while await connection.sleep(for: .seconds(1)) { try await send(.httpResponseBody(tick, more: true)) }
    /// ```
    public func sleep(for duration: Duration) async -> Bool {
        guard self.isConnected else { return false }
        let slept = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                do {
                    try await Task.sleep(for: duration)
                    return true
                } catch {
                    return false
                }
            }
            group.addTask {
                _ = await self.waitForDisconnect()
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        return slept && self.disconnectReason == nil
    }
}
