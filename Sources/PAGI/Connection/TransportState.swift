import Synchronization

/// The spec's `pagi.transport`: outbound flow control of one scope, readable at any time.
///
/// ``bufferedAmount`` is the number of bytes queued for the client but not yet written.
/// When it reaches ``highWaterMark`` the server makes `send` wait; it releases the wait
/// when the amount falls below ``lowWaterMark``. The two callbacks report those edges
/// (hysteresis: one high-water call, then one drain call, then the cycle re-arms), for
/// producers that prefer to pause and resume rather than block in `send`.
public final class TransportState: Sendable {
    private struct State {
        var bufferedAmount = 0
        var aboveHighWater = false
        var highWaterCallbacks: [@Sendable () -> Void] = []
        var drainCallbacks: [@Sendable () -> Void] = []
    }

    /// The buffered amount at or above which `send` waits; `nil` when the server has none.
    public let highWaterMark: Int?
    /// The buffered amount below which a waiting `send` resumes; `nil` when not applicable.
    public let lowWaterMark: Int?

    private let state = Mutex(State())

    /// A transport with the given watermarks (the reference server's defaults: 64 KiB, 16 KiB).
    public init(highWaterMark: Int? = 65_536, lowWaterMark: Int? = 16_384) {
        precondition(
            highWaterMark == nil || lowWaterMark == nil || lowWaterMark! <= highWaterMark!,
            "lowWaterMark must not exceed highWaterMark"
        )
        self.highWaterMark = highWaterMark
        self.lowWaterMark = lowWaterMark
    }

    /// Bytes queued for the client and not yet written; `0` when drained.
    public var bufferedAmount: Int { self.state.withLock { $0.bufferedAmount } }

    /// Registers a callback for the buffer reaching the high-water mark; runs at once when the
    /// buffer is already at or above it.
    public func onHighWater(_ callback: @escaping @Sendable () -> Void) {
        let runNow = self.state.withLock { state in
            state.highWaterCallbacks.append(callback)
            return state.aboveHighWater
        }
        if runNow { callback() }
    }

    /// Registers a callback for the buffer falling below the low-water mark after it reached
    /// the high-water mark. It does not run merely because the buffer is low now.
    public func onDrain(_ callback: @escaping @Sendable () -> Void) {
        self.state.withLock { $0.drainCallbacks.append(callback) }
    }

    /// Records the current buffered amount and runs the callbacks of any edge it crosses.
    /// Servers call this; applications never do.
    public func updateBufferedAmount(_ amount: Int) {
        let callbacks: [@Sendable () -> Void] = self.state.withLock { state in
            state.bufferedAmount = max(0, amount)
            if !state.aboveHighWater, let high = self.highWaterMark, state.bufferedAmount >= high {
                state.aboveHighWater = true
                return state.highWaterCallbacks
            }
            if state.aboveHighWater, state.bufferedAmount < (self.lowWaterMark ?? self.highWaterMark ?? 0) {
                state.aboveHighWater = false
                return state.drainCallbacks
            }
            return []
        }
        for callback in callbacks { callback() }
    }
}
