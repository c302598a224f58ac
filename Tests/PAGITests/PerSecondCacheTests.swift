import PAGI
import Synchronization
import Testing

@Suite struct PerSecondCacheTests {
    @Test func makesEachSecondsValueOnce() {
        let made = Mutex(0)
        let cache = PerSecondCache { second in
            made.withLock { $0 += 1 }
            return "second \(second)"
        }
        #expect(cache.value(at: 10) == "second 10")
        #expect(cache.value(at: 10) == "second 10")
        #expect(made.withLock { $0 } == 1)
        #expect(cache.value(at: 11) == "second 11")
        #expect(cache.value(at: 10) == "second 10")  // The clock never goes back; if it did, the value is still right.
        #expect(made.withLock { $0 } == 3)
    }
}
