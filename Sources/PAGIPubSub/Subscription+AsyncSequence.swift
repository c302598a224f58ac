extension Subscription: AsyncSequence {
    public typealias Element = PubSubMessage
    public typealias Failure = any Error

    /// Iterates the messages; one task at a time (a second task waiting at the same time
    /// gets ``PAGIError/Code/concurrentIteration``).
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(subscription: self) }

    /// The iterator of a subscription: it keeps the subscription alive while it is used.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let subscription: Subscription

        /// The next message; `nil` once the subscription has ended (cancelled, its backend
        /// closed, or this task cancelled, which cancels the subscription). Throws
        /// ``PAGIError/Code/subscriberOverflow`` once, after the buffered messages, when
        /// the ``PubSubOverflowPolicy/disconnect`` policy ended it.
        public mutating func next(isolation actor: isolated (any Actor)? = #isolation) async throws -> PubSubMessage? {
            try await self.subscription.next(isolation: actor)
        }

        public mutating func next() async throws -> PubSubMessage? {
            try await self.subscription.next(isolation: nil)
        }
    }

    /// Runs on the caller's executor: a buffered message costs no suspension and no hop.
    func next(isolation actor: isolated (any Actor)?) async throws -> PubSubMessage? {
        if Task.isCancelled {
            self.cancel()
            return nil
        }
        switch self.mailbox.poll() {
        case .message(let message): return message
        case .ended: return nil
        case .failed(let error): throw error
        case .empty: break
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation(isolation: actor) { continuation in
                self.mailbox.wait(continuation)
            }
        } onCancel: {
            self.cancel()
        }
    }
}
