import Synchronization

/// The spec's `pagi.connection`: one request's view of its connection, readable without
/// consuming events from `receive`.
///
/// A server creates one per `http` request and updates it as the request goes; applications
/// only read it and register callbacks. Exactly one of the two endings happens: an abnormal
/// disconnect (``onDisconnect(_:)`` callbacks run, ``disconnectReason`` is set) or a
/// successful completion (``onComplete(_:)`` callbacks run). Callbacks run on the server's
/// task, in registration order, outside any lock; keep them short.
public final class ConnectionState: Sendable {
    private struct State {
        var isConnected = true
        var disconnectReason: DisconnectReason?
        var responseStarted = false
        var responseComplete = false
        var disconnectCallbacks: [@Sendable (DisconnectReason) -> Void] = []
        var completeCallbacks: [@Sendable () -> Void] = []
        var waiters: [UInt64: CheckedContinuation<DisconnectReason?, Never>] = [:]
        var nextWaiterID: UInt64 = 0

        var isSettled: Bool { self.responseComplete || self.disconnectReason != nil }

        mutating func clearCallbacks() {
            self.completeCallbacks = []
            self.disconnectCallbacks = []
            self.waiters = [:]
        }
    }

    private let state = Mutex(State())

    /// A connected request whose response has not started.
    public init() {}

    /// Whether the connection is still open. Once `false`, it stays `false`.
    public var isConnected: Bool { self.state.withLock { $0.isConnected } }

    /// The reason of an abnormal disconnect; `nil` while connected or after a successful
    /// completion.
    public var disconnectReason: DisconnectReason? { self.state.withLock { $0.disconnectReason } }

    /// Whether this request's response has started (`http.response.start` was emitted, by the
    /// application or by the server's own error response).
    public var responseStarted: Bool { self.state.withLock { $0.responseStarted } }

    /// Whether this request's response has been sent completely.
    public var responseComplete: Bool { self.state.withLock { $0.responseComplete } }

    /// Registers a callback for an abnormal disconnect; runs at once when it already happened.
    public func onDisconnect(_ callback: @escaping @Sendable (DisconnectReason) -> Void) {
        let reason: DisconnectReason? = self.state.withLock { state in
            if let reason = state.disconnectReason { return reason }
            if !state.responseComplete { state.disconnectCallbacks.append(callback) }
            return nil
        }
        if let reason { callback(reason) }
    }

    /// Registers a callback for a successful completion; runs at once when it already happened.
    public func onComplete(_ callback: @escaping @Sendable () -> Void) {
        let alreadyComplete: Bool = self.state.withLock { state in
            if state.responseComplete { return true }
            if state.disconnectReason == nil { state.completeCallbacks.append(callback) }
            return false
        }
        if alreadyComplete { callback() }
    }

    /// Suspends until the request ends: returns the reason of an abnormal disconnect, or
    /// `nil` when the request completed successfully (or the waiting task was cancelled).
    /// Race it against long work to stop when the client leaves.
    public func waitForDisconnect() async -> DisconnectReason? {
        let id = self.state.withLock { state in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let settled: (Bool, DisconnectReason?) = self.state.withLock { state in
                    if state.isSettled || Task.isCancelled { return (true, state.disconnectReason) }
                    state.waiters[id] = continuation
                    return (false, nil)
                }
                if settled.0 { continuation.resume(returning: settled.1) }
            }
        } onCancel: {
            self.state.withLock { $0.waiters.removeValue(forKey: id) }?.resume(returning: nil)
        }
    }

    // MARK: - Server side

    /// Records that the response started. Servers call this; applications never do.
    public func markResponseStarted() {
        self.state.withLock { $0.responseStarted = true }
    }

    /// Records a successful completion and runs the completion callbacks. Servers call this;
    /// it does nothing after a disconnect or a previous completion.
    public func markResponseComplete() {
        let (callbacks, waiters) = self.state.withLock { state -> ([@Sendable () -> Void], [CheckedContinuation<DisconnectReason?, Never>]) in
            guard !state.isSettled else { return ([], []) }
            state.responseComplete = true
            defer { state.clearCallbacks() }
            return (state.completeCallbacks, Array(state.waiters.values))
        }
        for waiter in waiters { waiter.resume(returning: nil) }
        for callback in callbacks { callback() }
    }

    /// Records that the connection closed. Before completion this is an abnormal disconnect:
    /// the state changes in the spec's order (not connected, reason set, waiters resumed,
    /// callbacks run); after completion only ``isConnected`` changes.
    public func markDisconnected(_ reason: DisconnectReason) {
        let (callbacks, waiters) = self.state.withLock { state -> ([@Sendable (DisconnectReason) -> Void], [CheckedContinuation<DisconnectReason?, Never>]) in
            state.isConnected = false
            guard !state.isSettled else { return ([], []) }
            state.disconnectReason = reason
            defer { state.clearCallbacks() }
            return (state.disconnectCallbacks, Array(state.waiters.values))
        }
        for waiter in waiters { waiter.resume(returning: reason) }
        for callback in callbacks { callback(reason) }
    }
}
