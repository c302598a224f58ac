/// The order of events in the `lifespan` scope: each answer follows its question.
struct LifespanEventRules: Sendable {
    enum Phase: Sendable, Equatable {
        case awaitingStartup
        case startingUp
        case started
        case startupFailed
        case shuttingDown
        case finished
    }

    private(set) var phase = Phase.awaitingStartup

    mutating func received(_ event: InboundEvent) {
        switch event {
        case .lifespanStartup: self.phase = .startingUp
        case .lifespanShutdown: self.phase = .shuttingDown
        default: break
        }
    }

    mutating func validate(_ event: OutboundEvent) throws(PAGIError) {
        switch event {
        case .lifespanStartupComplete, .lifespanStartupFailed:
            guard self.phase == .startingUp else {
                throw PAGIError.outOfOrder(event.type, self.phase == .awaitingStartup ? "lifespan.startup has not been received" : "startup was already answered")
            }
            if case .lifespanStartupComplete = event { self.phase = .started } else { self.phase = .startupFailed }
        case .lifespanShutdownComplete, .lifespanShutdownFailed:
            guard self.phase == .shuttingDown else {
                throw PAGIError.outOfOrder(event.type, self.phase == .finished ? "shutdown was already answered" : "lifespan.shutdown has not been received")
            }
            self.phase = .finished
        default:
            throw PAGIError.notValidForScope(event.type, .lifespan)
        }
    }
}
