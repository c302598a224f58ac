import PAGI
import Synchronization
import Testing

final class CallLog: Sendable {
    private let entries = Mutex<[String]>([])
    func add(_ entry: String) { self.entries.withLock { $0.append(entry) } }
    var all: [String] { self.entries.withLock { $0 } }
}

@Suite struct ConnectionStateTests {
    @Test func anAbnormalDisconnectRunsOnlyTheDisconnectCallbacks() async {
        let state = ConnectionState()
        let log = CallLog()
        state.onDisconnect { log.add("disconnect 1: \($0)") }
        state.onDisconnect { log.add("disconnect 2: \($0)") }
        state.onComplete { log.add("complete") }
        state.markResponseStarted()
        #expect(state.responseStarted && state.isConnected)
        state.markDisconnected(.clientClosed)
        state.markResponseComplete()
        #expect(log.all == ["disconnect 1: client_closed", "disconnect 2: client_closed"])
        #expect(!state.isConnected)
        #expect(state.disconnectReason == .clientClosed)
        #expect(!state.responseComplete)
        #expect(await state.waitForDisconnect() == .clientClosed)
        // Registered late: runs at once.
        state.onDisconnect { log.add("late: \($0)") }
        #expect(log.all.last == "late: client_closed")
    }

    @Test func aCompletionRunsOnlyTheCompleteCallbacks() async {
        let state = ConnectionState()
        let log = CallLog()
        state.onDisconnect { _ in log.add("disconnect") }
        state.onComplete { log.add("complete") }
        state.markResponseComplete()
        state.markDisconnected(.clientClosed)
        #expect(log.all == ["complete"])
        #expect(state.responseComplete)
        #expect(state.disconnectReason == nil)
        #expect(!state.isConnected)
        #expect(await state.waitForDisconnect() == nil)
        state.onComplete { log.add("late complete") }
        #expect(log.all == ["complete", "late complete"])
    }

    @Test func waitersResumeWithTheReason() async {
        let state = ConnectionState()
        async let reason = state.waitForDisconnect()
        try? await Task.sleep(for: .milliseconds(20))
        state.markDisconnected(.serverShutdown)
        #expect(await reason == .serverShutdown)
    }

    @Test func aCancelledWaiterReturnsNil() async {
        let state = ConnectionState()
        let waiter = Task { await state.waitForDisconnect() }
        try? await Task.sleep(for: .milliseconds(20))
        waiter.cancel()
        #expect(await waiter.value == nil)
        #expect(state.isConnected)
    }
}

@Suite struct TransportStateTests {
    @Test func callbacksFollowTheHysteresis() {
        let transport = TransportState(highWaterMark: 100, lowWaterMark: 10)
        let log = CallLog()
        transport.onHighWater { log.add("high") }
        transport.onDrain { log.add("drain") }
        transport.updateBufferedAmount(50)
        transport.updateBufferedAmount(5)  // never reached high: no drain
        #expect(log.all.isEmpty)
        transport.updateBufferedAmount(100)
        transport.updateBufferedAmount(150)  // still high: no second call
        transport.updateBufferedAmount(50)  // between the marks: no drain yet
        #expect(log.all == ["high"])
        transport.updateBufferedAmount(9)
        #expect(log.all == ["high", "drain"])
        transport.updateBufferedAmount(120)
        #expect(log.all == ["high", "drain", "high"])
        #expect(transport.bufferedAmount == 120)
        // Registered while above the mark: runs at once.
        transport.onHighWater { log.add("late high") }
        #expect(log.all.last == "late high")
    }
}
