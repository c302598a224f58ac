import NIOCore
import PAGI
import Synchronization

/// Enforces a connection's timeouts from its event loop: the connection task only records
/// what it is waiting for (a cheap lock), and a repeated check every fraction of the shortest
/// limit acts when a wait lasted too long.
///
/// - waiting for a request (keep-alive, and a new connection's first byte): closes the connection;
/// - reading a request head that has begun (slowloris): answers 408 and closes;
/// - waiting for request body bytes the application asked for: answers 408 (when nothing of the
///   response was written yet) and closes; the application sees `client_timeout`;
/// - a write stuck behind a full socket: closes the connection (`write_timeout`).
final class ConnectionWatchdog: Sendable {
    enum Phase: Sendable, Equatable {
        case waitingForRequest
        case readingHead
        case readingBody
        case writing
        /// The application is working: no limit.
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
        var phase = Phase.waitingForRequest
        var since = ContinuousClock.now
        var expired: Phase?
        var task: RepeatedTask?
        var responseBegun = false
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

    /// Starts checking (nothing to do when every limit is off).
    func start() {
        guard let interval = self.limits.checkInterval else { return }
        let amount = TimeAmount.nanoseconds(Int64(interval.components.seconds) * 1_000_000_000 + interval.components.attoseconds / 1_000_000_000)
        let task = self.channel.eventLoop.scheduleRepeatedTask(initialDelay: amount, delay: amount) { [weak self] _ in
            self?.check()
        }
        self.state.withLock { $0.task = task }
    }

    /// Stops checking.
    func stop() {
        self.state.withLock { $0.task }?.cancel()
    }

    /// Records what the connection waits for now (a write restarts the clock each time).
    func enter(_ phase: Phase) {
        self.state.withLock { state in
            guard state.phase != phase || phase == .writing else { return }
            state.phase = phase
            state.since = .now
        }
    }

    /// Records whether the current request's response has begun on the wire (a timed-out
    /// body then closes the connection without a 408).
    func setResponseBegun(_ begun: Bool) {
        self.state.withLock { $0.responseBegun = begun }
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

    private func check() {
        let (expired, responseBegun): (Phase?, Bool) = self.state.withLock { state in
            guard state.expired == nil, let limit = self.limits.limit(for: state.phase), state.since.duration(to: .now) > limit else {
                return (nil, false)
            }
            state.expired = state.phase
            return (state.phase, state.responseBegun)
        }
        switch expired {
        case .waitingForRequest?, .writing?:
            self.channel.close(promise: nil)
        case .readingHead?, .readingBody?:
            // The connection task waits for bytes and writes nothing meanwhile, so the 408
            // can go out from here; then the connection closes and the task sees it.
            if expired == .readingBody && responseBegun {
                self.channel.close(promise: nil)
            } else {
                let channel = self.channel
                channel.writeAndFlush(IOData.byteBuffer(self.timeoutResponse())).whenComplete { _ in
                    channel.close(promise: nil)
                }
            }
        case .working?, nil:
            break
        }
    }
}
