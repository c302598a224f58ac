import NIOCore
import PAGI
import Synchronization

/// The bounded buffer of one subscription: backends deliver into it, its one consumer reads
/// from it. Delivery never waits: a full buffer applies the subscription's
/// ``PubSubOverflowPolicy``. It also records the channels and patterns the subscription is on,
/// which ``PubSubRegistry`` keeps up to date.
public final class PubSubMailbox: Sendable {
    /// The subscription this buffer belongs to.
    public let id: SubscriberID
    /// How many messages it holds before its overflow policy applies.
    public let capacity: Int
    /// What a full buffer does with one more message.
    public let overflow: PubSubOverflowPolicy
    private let state = Mutex(State())

    private enum End {
        case finished
        case failed(PAGIError)
    }

    private struct State {
        var buffer = CircularBuffer<PubSubMessage>()
        var consumer: CheckedContinuation<PubSubMessage?, any Error>?
        var end: End?
        var dropped = 0
        var channels: Set<String> = []
        var patterns: Set<ChannelPattern> = []
    }

    /// What happened to one offered message.
    enum Delivery {
        /// Excluded (its origin is this subscription), or the subscription has ended.
        case skipped
        /// Buffered (with `.dropOldest`, perhaps in place of the oldest).
        case buffered
        /// The consumer was waiting: the caller resumes it with the message, outside its locks.
        case handedOver(CheckedContinuation<PubSubMessage?, any Error>)
        /// The buffer was full and kept its messages (`.dropNewest`).
        case rejected
        /// The buffer was full and the subscription ended (`.disconnect`): remove it everywhere.
        case disconnected
    }

    /// The result of asking for the next message without waiting.
    enum Receipt {
        case message(PubSubMessage)
        case ended
        case failed(PAGIError)
        case empty
    }

    init(id: SubscriberID, capacity: Int, overflow: PubSubOverflowPolicy) {
        self.id = id
        self.capacity = capacity
        self.overflow = overflow
    }

    /// The channels the subscription is on.
    public var channels: Set<String> { self.state.withLock { $0.channels } }
    /// The patterns the subscription is on.
    public var patterns: Set<ChannelPattern> { self.state.withLock { $0.patterns } }
    /// How many messages the overflow policy has dropped so far.
    public var droppedCount: Int { self.state.withLock { $0.dropped } }
    /// Whether the subscription has ended: it receives nothing more, and no backend may keep it.
    public var hasEnded: Bool { self.state.withLock { $0.end != nil } }

    /// Whether a consumer is waiting for a message (for tests that must know it is parked).
    var hasWaitingConsumer: Bool { self.state.withLock { $0.consumer != nil } }

    /// Offers `message`: buffers it, hands it to the waiting consumer, or applies the policy.
    func offer(_ message: PubSubMessage) -> Delivery {
        if message.isExcluded(for: self.id) { return .skipped }
        return self.state.withLock { state in
            guard state.end == nil else { return .skipped }
            if let consumer = state.consumer {
                state.consumer = nil
                return .handedOver(consumer)
            }
            if state.buffer.count < self.capacity {
                state.buffer.append(message)
                return .buffered
            }
            state.dropped += 1
            switch self.overflow {
            case .dropOldest:
                state.buffer.removeFirst()
                state.buffer.append(message)
                return .buffered
            case .dropNewest:
                return .rejected
            case .disconnect:
                state.end = .failed(.subscriberOverflow(capacity: self.capacity))
                return .disconnected
            }
        }
    }

    /// Changes the recorded membership, under the registry's lock (the registry's lock is
    /// always taken first, so the two never wait on each other in opposite orders).
    func updateMembership<Result>(_ body: (inout Set<String>, inout Set<ChannelPattern>) -> Result) -> Result {
        self.state.withLock { body(&$0.channels, &$0.patterns) }
    }

    /// Ends the subscription: the consumer gets `nil` after what is buffered, or at once when
    /// `discardingBuffered`.
    func finish(discardingBuffered: Bool) {
        let waiting = self.state.withLock { state -> CheckedContinuation<PubSubMessage?, any Error>? in
            if state.end == nil { state.end = .finished }
            if discardingBuffered {
                state.buffer.removeAll()
                state.end = .finished
            }
            defer { state.consumer = nil }
            return state.consumer
        }
        waiting?.resume(returning: nil)
    }

    /// The next message if there is one, or the end; `.empty` when the caller must wait.
    func poll() -> Receipt {
        self.state.withLock { Self.receive(&$0) }
    }

    /// Waits through `continuation` for the next message, or settles it at once when one is
    /// buffered, the subscription has ended, or another task is already waiting.
    func wait(_ continuation: CheckedContinuation<PubSubMessage?, any Error>) {
        let receipt = self.state.withLock { state -> Receipt in
            if state.consumer != nil { return .failed(.concurrentIteration) }
            let receipt = Self.receive(&state)
            if case .empty = receipt { state.consumer = continuation }
            return receipt
        }
        switch receipt {
        case .message(let message): continuation.resume(returning: message)
        case .ended: continuation.resume(returning: nil)
        case .failed(let error): continuation.resume(throwing: error)
        case .empty: break
        }
    }

    private static func receive(_ state: inout State) -> Receipt {
        if let message = state.buffer.popFirst() { return .message(message) }
        switch state.end {
        case nil: return .empty
        case .finished: return .ended
        case .failed(let error):
            state.end = .finished   // the error is thrown once; then the sequence is over
            return .failed(error)
        }
    }
}
