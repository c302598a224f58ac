import PAGI
import Testing

@Suite struct AsyncQueueTests {
    @Test func pushWaitsWhileFull() async throws {
        let queue = AsyncQueue<Int>(capacity: 1)
        await queue.push(1)
        let second = Task { await queue.push(2) }
        try await Task.sleep(for: .milliseconds(20))
        #expect(try await queue.pop() == 1)
        #expect(await second.value)
        #expect(try await queue.pop() == 2)
    }

    @Test func finishDrainsThenEnds() async throws {
        let queue = AsyncQueue<Int>(capacity: 2)
        await queue.push(1)
        queue.finish()
        #expect(await queue.push(2) == false)
        #expect(try await queue.pop() == 1)
        #expect(try await queue.pop() == nil)
    }

    @Test func finishCanDiscardAndReleasesWaiters() async throws {
        let queue = AsyncQueue<Int>(capacity: 1)
        await queue.push(1)
        let blocked = Task { await queue.push(2) }
        try await Task.sleep(for: .milliseconds(20))
        queue.finish(discardingBuffered: true)
        #expect(await blocked.value == false)
        #expect(try await queue.pop() == nil)
    }

    @Test func cancellationReleasesAPop() async throws {
        let queue = AsyncQueue<Int>(capacity: 1)
        let waiting = Task { try await queue.pop() }
        try await Task.sleep(for: .milliseconds(20))
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        await queue.push(5)
        #expect(try await queue.pop() == 5)
    }

    @Test func cancellationReleasesAPush() async throws {
        let queue = AsyncQueue<Int>(capacity: 1)
        await queue.push(1)
        let waiting = Task { await queue.push(2) }
        try await Task.sleep(for: .milliseconds(20))
        waiting.cancel()
        #expect(await waiting.value == false)
        #expect(try await queue.pop() == 1)
        queue.finish()
        #expect(try await queue.pop() == nil)
    }

    @Test func manyConsumersEachGetOneElement() async throws {
        let queue = AsyncQueue<Int>(capacity: 4)
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<10 { group.addTask { try await queue.pop() ?? 0 } }
            for value in 1...10 { await queue.push(value) }
            return try await group.reduce(0, +)
        }
        #expect(total == 55)
    }
}
