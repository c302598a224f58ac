import Logging
import PAGI
import PAGIPubSub
import Synchronization

/// The channels one connection (a WebSocket's rooms, an event stream's channels) belongs to:
/// one subscription, made on the first join, whose messages a task hands to `deliver` until
/// the connection ends. Messages a member sends "to others" skip its own subscription.
final class ChannelMembership: Sendable {
    typealias Deliver = @Sendable (PubSubMessage) async throws -> Void
    /// Called once when the subscription ends by itself: an overflow under the
    /// ``PubSubOverflowPolicy/disconnect`` policy, or the pub/sub closing.
    typealias Ended = @Sendable ((any Error)?) async -> Void

    private struct State {
        var subscription: Subscription?
        var forwarder: Task<Void, Never>?
        var ended = false
    }

    let pubsub: PubSub
    let bufferSize: Int
    private let deliver: Deliver
    private let onEnd: Ended
    private let state = Mutex(State())

    /// A member that may fall `bufferSize` messages behind before its subscription ends
    /// (``PubSubOverflowPolicy/disconnect``: a connection too slow for its channels is closed
    /// rather than silently missing messages or slowing the publishers).
    init(pubsub: PubSub, bufferSize: Int, deliver: @escaping Deliver, onEnd: @escaping Ended) {
        self.pubsub = pubsub
        self.bufferSize = bufferSize
        self.deliver = deliver
        self.onEnd = onEnd
    }

    /// The channels joined, sorted.
    var channels: [String] { self.state.withLock { $0.subscription?.channels.sorted() ?? [] } }

    var isEmpty: Bool { self.state.withLock { $0.subscription?.channels.isEmpty ?? true } }

    func join(_ channel: String) async throws {
        try await self.subscription().subscribe(to: channel)
    }

    func leave(_ channel: String) async throws {
        guard let subscription = self.state.withLock({ $0.subscription }) else { return }
        try await subscription.unsubscribe(from: channel)
    }

    /// Publishes `payload` to `channel`, to every member or (`others`) to all but this one;
    /// returns how many received it.
    @discardableResult
    func publish(_ payload: PubSubPayload, to channel: String, others: Bool) async throws -> Int {
        if others, let subscription = self.state.withLock({ $0.subscription }) {
            return try await subscription.publishToOthers(payload, to: channel)
        }
        return try await self.pubsub.publish(payload, to: channel)
    }

    /// Leaves every channel and stops forwarding (when the connection ends). Idempotent.
    func end() {
        let (subscription, forwarder) = self.state.withLock { state in
            state.ended = true
            defer { state.subscription = nil; state.forwarder = nil }
            return (state.subscription, state.forwarder)
        }
        forwarder?.cancel()
        subscription?.cancel()
    }

    /// The subscription, made (with its forwarding task) on first use.
    private func subscription() async throws -> Subscription {
        if let existing = self.state.withLock({ $0.subscription }) { return existing }
        let made = try await self.pubsub.subscribe(bufferSize: self.bufferSize, overflow: .disconnect)
        let chosen: Subscription? = self.state.withLock { state in
            if state.ended { return nil }
            if let existing = state.subscription { return existing }
            state.subscription = made
            state.forwarder = Task { await self.forward(made) }
            return made
        }
        guard let chosen else {
            made.cancel()
            throw PAGIError(.subscriptionEnded, "The connection has ended")
        }
        if chosen !== made { made.cancel() }
        return chosen
    }

    private func forward(_ subscription: Subscription) async {
        var failure: (any Error)?
        do {
            for try await message in subscription { try await self.deliver(message) }
        } catch {
            failure = error
        }
        // Ended by `end()`: the connection is going anyway.
        if !self.state.withLock({ $0.ended }) && !Task.isCancelled { await self.onEnd(failure) }
    }
}
