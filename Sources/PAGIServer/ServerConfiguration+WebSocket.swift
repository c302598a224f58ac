extension ServerConfiguration {
    /// WebSocket limits and behaviour; `docs/websocket.md` states what each does.
    public struct WebSocket: Sendable {
        /// The largest message, and so the largest frame, in bytes: a bigger one closes the
        /// connection with 1009 (default 16 MiB).
        public var maxMessageSize = 16 * 1024 * 1024
        /// Messages the server holds for an application that has not asked for them yet
        /// (default 32). While the queue is full the server stops reading the socket, so the
        /// client's sends wait in TCP's buffers.
        public var maxQueue = 32
        /// How long the queue may stay full, the application taking nothing from it, before the
        /// server closes with 1008 and `queue_overflow` (default 10 seconds; zero: at once).
        public var queueTimeout: Duration = .seconds(10)
        /// How often the server pings an open WebSocket; `nil` for never (default 20 seconds).
        /// An application's `websocket.keepalive` overrides it for its connection.
        public var pingInterval: Duration? = .seconds(20)
        /// How long a ping may wait for its pong before the connection is dropped (1006 with
        /// `keepalive_timeout`); `nil` for no limit (default 20 seconds).
        public var pingTimeout: Duration? = .seconds(20)
        /// Whether permessage-deflate (RFC 7692) is accepted when a client offers it (default on).
        public var perMessageDeflate = true
        /// Messages shorter than this many bytes are sent uncompressed even when
        /// permessage-deflate was agreed: compressing them saves little and costs time (default 128).
        public var perMessageDeflateMinSize = 128
        /// How long the server waits for the client's close frame after sending its own, before
        /// dropping the connection (default 10 seconds).
        public var closeTimeout: Duration = .seconds(10)

        public init() {}
    }
}
