/// The order of events in an `sse` scope: `sse.start` then events until `sse.close`, or a
/// decline with an ordinary HTTP response. The first send decides which.
struct SSEEventRules: Sendable {
    enum Phase: Sendable, Equatable {
        case idle
        case streaming
        case closed
        case declining
        case declined
    }

    private(set) var phase = Phase.idle

    mutating func validate(_ event: OutboundEvent) throws(PAGIError) {
        switch event {
        case .sseStart(let start):
            try self.requireIdle(event)
            try FieldRules.checkResponseStart(start, in: event.type, allowTrailers: false)
            self.phase = .streaming
        case .sseSend(let message):
            try self.requireStreaming(event)
            if let name = message.event { try FieldRules.checkSingleLine(name, field: "event", in: event.type) }
            if let id = message.id { try FieldRules.checkSingleLine(id, field: "id", in: event.type, rejectNUL: true) }
            if let retry = message.retry, retry < 0 {
                throw PAGIError.invalid(event.type, "'retry' must not be negative")
            }
        case .sseComment(let comment):
            try self.requireStreaming(event)
            try FieldRules.checkSingleLine(comment, field: "comment", in: event.type)
        case .sseKeepalive(let interval, let comment):
            if self.phase != .idle { try self.requireStreaming(event) }
            try FieldRules.checkNotNegative(interval, field: "interval", in: event.type)
            try FieldRules.checkSingleLine(comment, field: "comment", in: event.type)
        case .sseClose:
            switch self.phase {
            case .streaming: self.phase = .closed
            case .closed: break  // idempotent
            case .idle: throw PAGIError.outOfOrder(event.type, "send sse.start first (to refuse the stream, send sse.http.response.start)")
            case .declining, .declined: throw PAGIError.outOfOrder(event.type, "the stream was declined with an HTTP response")
            }
        case .sseHTTPResponseStart(let start):
            try self.requireIdle(event)
            try FieldRules.checkResponseStart(start, in: event.type, allowTrailers: false)
            self.phase = .declining
        case .sseHTTPResponseBody(_, let more):
            switch self.phase {
            case .declining: if !more { self.phase = .declined }
            case .idle: throw PAGIError.outOfOrder(event.type, "send sse.http.response.start first")
            case .declined: throw PAGIError.outOfOrder(event.type, "the decline response is complete")
            case .streaming, .closed: throw PAGIError.outOfOrder(event.type, "the event stream has started; it can no longer be declined")
            }
        case .httpFullFlush:
            guard self.phase == .streaming || self.phase == .declining else {
                throw PAGIError.outOfOrder(event.type, "nothing is being sent (the stream is \(self.phase == .idle ? "not started" : "finished"))")
            }
        default:
            throw PAGIError.notValidForScope(event.type, .sse)
        }
    }

    private func requireIdle(_ event: OutboundEvent) throws(PAGIError) {
        switch self.phase {
        case .idle: return
        case .streaming, .closed: throw PAGIError.outOfOrder(event.type, "the event stream has already started")
        case .declining, .declined: throw PAGIError.outOfOrder(event.type, "the stream was declined with an HTTP response")
        }
    }

    private func requireStreaming(_ event: OutboundEvent) throws(PAGIError) {
        switch self.phase {
        case .streaming: return
        case .idle: throw PAGIError.outOfOrder(event.type, "send sse.start first")
        case .closed: throw PAGIError.outOfOrder(event.type, "the stream is closed")
        case .declining, .declined: throw PAGIError.outOfOrder(event.type, "the stream was declined with an HTTP response")
        }
    }
}
