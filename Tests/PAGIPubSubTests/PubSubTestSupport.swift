@testable import PAGIPubSub
import Testing

/// The test failed to finish something within its deadline (a publisher that waited, a
/// message that never came).
struct DeadlineExceeded: Error, CustomStringConvertible {
    let what: String
    var description: String { "\(self.what) did not finish within the deadline" }
}

/// Runs `body`, failing with `DeadlineExceeded` when it takes longer than `seconds` (generous:
/// only a hang misses it, never a slow machine).
func within<Value: Sendable>(
    _ what: String,
    seconds: Int = 10,
    _ body: @escaping @Sendable () async throws -> Value
) async throws -> Value {
    try await withThrowingTaskGroup(of: Value?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            return nil
        }
        defer { group.cancelAll() }
        guard let value = try await group.next() ?? nil else { throw DeadlineExceeded(what: what) }
        return value
    }
}

/// Returns once `condition` holds (a connection's clean-up runs after its client has left).
func eventually(_ what: String, _ condition: @escaping @Sendable () -> Bool) async throws {
    try await within(what) {
        while !condition() { try await Task.sleep(for: .milliseconds(1)) }
    }
}

extension Subscription {
    /// The next `count` messages, failing rather than hanging when they do not come.
    func take(_ count: Int) async throws -> [PubSubMessage] {
        try await within("receiving \(count) messages") {
            var messages: [PubSubMessage] = []
            for try await message in self {
                messages.append(message)
                if messages.count == count { break }
            }
            return messages
        }
    }

    /// Returns once a consumer is waiting for this subscription's next message.
    func untilAConsumerWaits() async throws {
        try await eventually("a consumer to wait") { self.mailbox.hasWaitingConsumer }
    }

    /// The texts of the next `count` messages.
    func texts(_ count: Int) async throws -> [String] {
        try await self.take(count).map { $0.text ?? "<binary>" }
    }
}

/// A one-shot signal between tasks.
struct Gate: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() { (self.stream, self.continuation) = AsyncStream.makeStream() }

    func open() { self.continuation.finish() }

    func wait() async { for await _ in self.stream {} }
}
