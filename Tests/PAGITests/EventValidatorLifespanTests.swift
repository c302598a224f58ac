import PAGI
import Testing

@Suite struct EventValidatorLifespanTests {
    static let rejections: [RejectionCase] = [
        RejectionCase(name: "startup answered before it was asked", scope: Scopes.lifespan, rejected: .lifespanStartupComplete, code: .eventOutOfOrder, message: "lifespan.startup has not been received"),
        RejectionCase(name: "startup answered twice", scope: Scopes.lifespan, received: [.lifespanStartup], accepted: [.lifespanStartupComplete], rejected: .lifespanStartupFailed(message: "x"), code: .eventOutOfOrder, message: "already answered"),
        RejectionCase(name: "shutdown answered before it was asked", scope: Scopes.lifespan, received: [.lifespanStartup], accepted: [.lifespanStartupComplete], rejected: .lifespanShutdownComplete, code: .eventOutOfOrder, message: "lifespan.shutdown has not been received"),
        RejectionCase(name: "shutdown answered twice", scope: Scopes.lifespan, steps: [.received(.lifespanStartup), .sent(.lifespanStartupComplete), .received(.lifespanShutdown), .sent(.lifespanShutdownComplete)], rejected: .lifespanShutdownFailed(), code: .eventOutOfOrder, message: "shutdown was already answered"),
        RejectionCase(name: "http event in lifespan", scope: Scopes.lifespan, rejected: .start, code: .eventNotValidForScope, message: "not valid in a 'lifespan' scope"),
        RejectionCase(name: "sse event in lifespan", scope: Scopes.lifespan, rejected: .sseClose(), code: .eventNotValidForScope, message: "not valid in a 'lifespan' scope"),
    ]

    @Test(arguments: rejections)
    func rejects(_ rejection: RejectionCase) throws {
        try rejection.check()
    }

    @Test func acceptsTheFullCycle() throws {
        var validator = EventValidator(scope: Scopes.lifespan)
        validator.received(.lifespanStartup)
        try validator.validate(.lifespanStartupComplete)
        #expect(validator.hasStarted && !validator.isComplete)
        validator.received(.lifespanShutdown)
        try validator.validate(.lifespanShutdownFailed(message: "pool did not close"))
        #expect(validator.isComplete)
    }

    @Test func startupMayFail() throws {
        var validator = EventValidator(scope: Scopes.lifespan)
        validator.received(.lifespanStartup)
        try validator.validate(.lifespanStartupFailed(message: "no database"))
        #expect(validator.hasStarted)
    }
}
