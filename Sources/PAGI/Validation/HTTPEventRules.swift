/// The order of events in an `http` scope: start, body pieces, then trailers when promised.
struct HTTPEventRules: Sendable {
    enum Phase: Sendable, Equatable {
        case awaitingStart
        case body(trailers: Bool)
        case awaitingTrailers
        case complete
    }

    private(set) var phase = Phase.awaitingStart
    private var trailersPromised = false

    private static let forbiddenTrailers: Set<HeaderName> = [
        .contentLength, .transferEncoding, .host, .trailer, .te, .connection, .contentType, .contentEncoding,
    ]

    mutating func validate(_ event: OutboundEvent) throws(PAGIError) {
        switch event {
        case .httpResponseStart(let start):
            guard self.phase == .awaitingStart else {
                throw PAGIError.outOfOrder(event.type, self.phase == .complete ? "the response is already complete" : "the response has already started")
            }
            try FieldRules.checkResponseStart(start, in: event.type, allowTrailers: true)
            self.phase = .body(trailers: start.trailers)
            self.trailersPromised = start.trailers
        case .httpResponseBody(_, let more):
            try self.acceptBody(event, final: !more)
        case .httpResponseFile(let file):
            try HTTPEventRules.checkFile(file, in: event.type)
            try self.acceptBody(event, final: true)
        case .httpResponseTrailers(let trailers):
            switch self.phase {
            case .awaitingStart:
                throw PAGIError.outOfOrder(event.type, "send http.response.start first")
            case _ where !self.trailersPromised:
                throw PAGIError.outOfOrder(event.type, "http.response.start did not set trailers: true")
            case .body:
                throw PAGIError.outOfOrder(event.type, "send the last body event (more: false) before the trailers")
            case .complete:
                throw PAGIError.outOfOrder(event.type, "the response is already complete")
            case .awaitingTrailers:
                try FieldRules.checkHeaders(trailers, in: event.type)
                if let field = trailers.first(where: { HTTPEventRules.forbiddenTrailers.contains($0.name) }) {
                    throw PAGIError.invalid(event.type, "'\(field.name)' may not be sent as a trailer")
                }
                self.phase = .complete
            }
        case .httpFullFlush:
            switch self.phase {
            case .awaitingStart: throw PAGIError.outOfOrder(event.type, "send http.response.start first")
            case .complete: throw PAGIError.outOfOrder(event.type, "the response is already complete")
            case .body, .awaitingTrailers: break
            }
        default:
            throw PAGIError.notValidForScope(event.type, .http)
        }
    }

    private mutating func acceptBody(_ event: OutboundEvent, final: Bool) throws(PAGIError) {
        switch self.phase {
        case .awaitingStart:
            throw PAGIError.outOfOrder(event.type, "send http.response.start first")
        case .body(let trailers):
            if final { self.phase = trailers ? .awaitingTrailers : .complete }
        case .awaitingTrailers, .complete:
            throw PAGIError.outOfOrder(event.type, "the last body event (more: false) was already sent")
        }
    }

    static func checkFile(_ file: FileBody, in event: String) throws(PAGIError) {
        switch file.source {
        case .path(let path):
            guard path.hasPrefix("/") else {
                throw PAGIError.invalid(event, "'file' must be an absolute path, not \(String(reflecting: path))")
            }
        case .descriptor(let descriptor):
            guard descriptor >= 0 else { throw PAGIError.invalid(event, "'fh' is not an open file descriptor") }
        }
        guard file.offset >= 0 else { throw PAGIError.invalid(event, "'offset' must not be negative") }
        if let length = file.length, length < 0 { throw PAGIError.invalid(event, "'length' must not be negative") }
    }
}
