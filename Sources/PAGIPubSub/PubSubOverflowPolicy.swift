/// What a subscriber's buffer does with a message that arrives while it is full: the
/// subscriber is that far behind its publishers, who never wait for it.
public enum PubSubOverflowPolicy: Sendable, Hashable {
    /// Drop the oldest buffered message to make room (the default): the subscriber sees the
    /// latest messages, and ``Subscription/droppedCount`` tells it how many it missed.
    case dropOldest
    /// Drop the arriving message: the subscriber sees the messages in order up to the point
    /// it fell behind, and ``Subscription/droppedCount`` counts the rest.
    case dropNewest
    /// End the subscription: it leaves every channel at once, the consumer receives what was
    /// buffered and then the error ``PAGIError/Code/subscriberOverflow`` (an SSE stream
    /// closes, and its client reconnects).
    case disconnect
}
