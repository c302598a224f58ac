/// The payload of the `lifespan` scope: one per server process (or worker), for the
/// application's startup and shutdown.
public struct LifespanScope: Sendable {
    /// `pagi`: the spec revision, and in multi-worker mode `is_worker` and `worker_num`.
    public var pagi: PAGIInfo
    /// `state`: the namespace the application fills at startup. Every request scope receives
    /// a shallow copy of it, taken when the request arrives.
    public var state: SharedValues

    /// A lifespan scope around `state`.
    public init(state: SharedValues = SharedValues(), pagi: PAGIInfo = .current) {
        self.pagi = pagi
        self.state = state
    }
}
