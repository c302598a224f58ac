public import PAGI

// Pub/sub errors are PAGIErrors with their own codes, so that one `catch` handles every
// error of the stack.
extension PAGIError.Code {
    /// A channel name that cannot be used (the empty string).
    public static let invalidChannel = Self(rawValue: "invalid_channel")
    /// A channel pattern that is not a valid glob (an unclosed `[`, a trailing `\`, ...).
    public static let invalidChannelPattern = Self(rawValue: "invalid_channel_pattern")
    /// A subscriber buffer size below 1.
    public static let invalidBufferSize = Self(rawValue: "invalid_buffer_size")
    /// A subscriber fell a full buffer behind under ``PubSubOverflowPolicy/disconnect``.
    public static let subscriberOverflow = Self(rawValue: "subscriber_overflow")
    /// The subscription has ended (cancelled, released, disconnected or its backend closed).
    public static let subscriptionEnded = Self(rawValue: "subscription_ended")
    /// Two tasks waited on one subscription at once; a subscription has one consumer.
    public static let concurrentIteration = Self(rawValue: "concurrent_iteration")
    /// The pub/sub backend is closed.
    public static let pubsubClosed = Self(rawValue: "pubsub_closed")
}

extension PAGIError {
    static func invalidChannel(_ channel: String) -> PAGIError {
        PAGIError(.invalidChannel, "Invalid channel name '\(channel)': a channel name must not be empty")
    }

    static func invalidChannelPattern(_ pattern: String, _ why: String) -> PAGIError {
        PAGIError(.invalidChannelPattern, "Invalid channel pattern '\(pattern)': \(why)")
    }

    static func invalidBufferSize(_ size: Int) -> PAGIError {
        PAGIError(.invalidBufferSize, "Invalid subscriber buffer size \(size): it must be at least 1")
    }

    static func subscriberOverflow(capacity: Int) -> PAGIError {
        PAGIError(.subscriberOverflow, "The subscriber fell \(capacity) messages behind and was disconnected")
    }

    static let subscriptionEnded = PAGIError(.subscriptionEnded, "The subscription has ended")
    static let concurrentIteration = PAGIError(
        .concurrentIteration,
        "A subscription was awaited by two tasks at once; it has one consumer"
    )
    static let pubsubClosed = PAGIError(.pubsubClosed, "The pub/sub backend is closed")
}
