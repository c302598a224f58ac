/// One server-sent event: the payload of `sse.send`.
public struct SSEEvent: Sendable, Hashable {
    /// `data`: the payload; the server writes one `data:` line per line of it.
    public var data: String
    /// `event`: the event name; must not contain CR or LF.
    public var event: String?
    /// `id`: the event id; must not contain CR, LF or NUL.
    public var id: String?
    /// `retry`: the client's reconnection delay in milliseconds; must not be negative.
    public var retry: Int?

    /// An event with the given fields.
    public init(data: String, event: String? = nil, id: String? = nil, retry: Int? = nil) {
        self.data = data
        self.event = event
        self.id = id
        self.retry = retry
    }
}
