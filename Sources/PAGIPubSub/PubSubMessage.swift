/// One message as a subscriber receives it.
///
/// A subscriber that is on a channel and on patterns matching it receives one message per
/// match, as Redis does: one with `pattern` `nil` for the channel, one per pattern.
public struct PubSubMessage: Sendable, Hashable {
    /// The channel it was published to.
    public var channel: String
    /// The pattern through which this subscriber received it; `nil` when it came through a
    /// channel subscription.
    public var pattern: String?
    /// What it carries.
    public var payload: PubSubPayload
    /// The subscription that published it, when it was published through one.
    public var origin: SubscriberID?
    /// Whether the origin asked not to receive it ("publish to others"). The origin's own
    /// subscription drops it on arrival, so the exclusion holds across processes too.
    public var excludesOrigin: Bool

    /// A message on `channel` with `payload`.
    public init(
        channel: String,
        payload: PubSubPayload,
        pattern: String? = nil,
        origin: SubscriberID? = nil,
        excludesOrigin: Bool = false
    ) {
        self.channel = channel
        self.payload = payload
        self.pattern = pattern
        self.origin = origin
        self.excludesOrigin = excludesOrigin
    }

    /// The text of a text payload.
    public var text: String? { self.payload.text }

    /// Whether the subscription `id` must not receive this message.
    func isExcluded(for id: SubscriberID) -> Bool {
        self.excludesOrigin && self.origin == id
    }
}
