import NIOCore
import PAGI
import Synchronization

/// Enforces a connection's timeouts: the connection task only records what it is waiting for
/// (a cheap lock), and the server's sweep (``ConnectionRegistry/sweep(every:)``) calls
/// ``check()`` on every connection every fraction of the shortest limit, acting when a wait
/// lasted too long. One sweep for all connections, rather than a timer each: an idle
/// connection then costs no scheduled task.
///
/// - waiting for a request (keep-alive, and a new connection's first byte): closes the connection;
/// - reading a request head that has begun (slowloris): answers 408 and closes;
/// - waiting for request body bytes the application asked for: answers 408 (when nothing of the
///   response was written yet) and closes; the application sees `client_timeout`;
/// - a write stuck behind a full socket: closes the connection (`write_timeout`).
final class ConnectionWatchdog: Sendable {
    /// What the reading side waits for (writes have their own clock, so a request can be
    /// read and answered at the same time without either losing its timeout).
    enum Phase: Sendable, Equatable {
        case waitingForRequest
        case readingHead
        case readingBody
        case writing
        /// Nothing is being read: the application works, or the body is complete.
        case working
    }

    struct Limits: Sendable {
        var keepAlive: Duration?
        var header: Duration?
        var body: Duration?
        var write: Duration?

        func limit(for phase: Phase) -> Duration? {
            switch phase {
            case .waitingForRequest: return self.keepAlive
            case .readingHead: return self.header
            case .readingBody: return self.body
            case .writing: return self.write
            case .working: return nil
            }
        }

        /// How often to check: a quarter of the shortest limit, between 20 ms and 1 s.
        var checkInterval: Duration? {
            let limits = [self.keepAlive, self.header, self.body, self.write].compactMap { $0 }
            guard let shortest = limits.min() else { return nil }
            return min(max(shortest / 4, .milliseconds(20)), .seconds(1))
        }
    }

    private struct State {
        var reading = Phase.waitingForRequest
        var readingSince = ContinuousClock.now
        /// When the write in progress began (`nil` when none is).
        var writingSince: ContinuousClock.Instant?
        var expired: Phase?
        /// Whether the current request's response has begun (by the application, or by the
        /// watchdog's own 408): the other side then writes nothing.
        var responseClaimed = false
    }

    private let channel: any Channel
    private let limits: Limits
    private let timeoutResponse: @Sendable () -> ByteBuffer
    private let state = Mutex(State())

    /// `timeoutResponse` is the 408 the server answers a request that timed out.
    init(channel: any Channel, limits: Limits, timeoutResponse: @escaping @Sendable () -> ByteBuffer) {
        self.channel = channel
        self.limits = limits
        self.timeoutResponse = timeoutResponse
    }

    /// Records what the reading side waits for now.
    func enter(_ phase: Phase) {
        precondition(phase != .writing, "writes use beginWrite/endWrite")
        self.state.withLock { state in
            guard state.reading != phase else { return }
            state.reading = phase
            state.readingSince = .now
        }
    }

    /// A write begins (its clock starts) or ends.
    func beginWrite() { self.state.withLock { $0.writingSince = .now } }
    func endWrite() { self.state.withLock { $0.writingSince = nil } }

    /// A new request begins: its response is not claimed yet.
    func newRequest() { self.state.withLock { $0.responseClaimed = false } }

    /// Claims the response for the application; `false` when the watchdog already answered
    /// 408 (the application's writes are then dropped).
    func claimResponse() -> Bool {
        self.state.withLock { state in
            if state.responseClaimed { return state.expired != .readingBody }
            state.responseClaimed = true
            return true
        }
    }

    /// The wait that timed out, if one did.
    var expired: Phase? { self.state.withLock { $0.expired } }

    /// Why the connection closed, as far as the watchdog knows: the timeout that closed it,
    /// or (when none did) the client.
    var closeReason: DisconnectReason {
        switch self.expired {
        case .readingBody?, .readingHead?: return .clientTimeout
        case .writing?: return .writeTimeout
        case .waitingForRequest?: return .keepaliveTimeout
        case .working?, nil: return .clientClosed
        }
    }

    /// Acts on a wait that lasted longer than its limit: closes the connection, after a 408
    /// when a request is being read and nothing of its response was sent.
    func check() {
        let (expired, answer): (Phase?, Bool) = self.state.withLock { state in
            guard state.expired == nil else { return (nil, false) }
            let now = ContinuousClock.now
            if let since = state.writingSince, let limit = self.limits.write, since.duration(to: now) > limit {
                state.expired = .writing
                return (.writing, false)
            }
            guard let limit = self.limits.limit(for: state.reading), state.readingSince.duration(to: now) > limit else {
                return (nil, false)
            }
            state.expired = state.reading
            // The 408 goes out only when nothing of the response did; claiming it under the
            // lock keeps the application's own writes from interleaving with it.
            var answer = false
            if state.reading == .readingHead || (state.reading == .readingBody && !state.responseClaimed) {
                state.responseClaimed = true
                answer = true
            }
            return (state.reading, answer)
        }
        guard let expired else { return }
        if answer {
            let channel = self.channel
            channel.writeAndFlush(IOData.byteBuffer(self.timeoutResponse())).whenComplete { _ in
                channel.close(promise: nil)
            }
        } else if expired != .working {
            self.channel.close(promise: nil)
        }
    }
}
