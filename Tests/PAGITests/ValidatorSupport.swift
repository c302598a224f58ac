import HTTPTypes
import NIOCore
import PAGI
import Testing

/// One event the validator must reject, after some accepted events.
struct RejectionCase: Sendable, CustomTestStringConvertible {
    enum Step: Sendable {
        case received(InboundEvent)
        case sent(OutboundEvent)
    }

    let name: String
    let scope: Scope
    let steps: [Step]
    let rejected: OutboundEvent
    let code: PAGIError.Code
    let message: String

    /// The received events come first, then the accepted ones.
    init(
        name: String,
        scope: Scope,
        received: [InboundEvent] = [],
        accepted: [OutboundEvent] = [],
        rejected: OutboundEvent,
        code: PAGIError.Code,
        message: String
    ) {
        self.init(name: name, scope: scope, steps: received.map(Step.received) + accepted.map(Step.sent), rejected: rejected, code: code, message: message)
    }

    init(name: String, scope: Scope, steps: [Step], rejected: OutboundEvent, code: PAGIError.Code, message: String) {
        self.name = name
        self.scope = scope
        self.steps = steps
        self.rejected = rejected
        self.code = code
        self.message = message
    }

    var testDescription: String { self.name }

    /// Runs the case: the accepted events pass, the rejected one throws the expected error,
    /// and the failed event leaves the validator as it was.
    func check() throws {
        var validator = EventValidator(scope: self.scope)
        for step in self.steps {
            switch step {
            case .received(let event): validator.received(event)
            case .sent(let event): try validator.validate(event)
            }
        }
        let before = (validator.hasStarted, validator.isComplete)
        do {
            try validator.validate(self.rejected)
            Issue.record("\(self.name): '\(self.rejected.type)' was accepted")
        } catch {
            #expect(error.code == self.code, "\(self.name): \(error.message)")
            #expect(error.message.contains(self.message), "\(self.name): \(error.message)")
        }
        #expect(before == (validator.hasStarted, validator.isComplete), "\(self.name): a rejected event changed the state")
    }
}

enum Scopes {
    static let http = Scope.http(RequestScope())
    static let httpWithFlush = Scope.http(RequestScope(extensions: Extensions(fullFlush: true)))
    static let websocket = Scope.websocket(RequestScope(scheme: "ws", subprotocols: ["chat", "json"]))
    static let websocketWithDenial = Scope.websocket(
        RequestScope(scheme: "ws", extensions: Extensions(websocketHTTPResponse: true))
    )
    static let sse = Scope.sse(RequestScope())
    static let sseWithFlush = Scope.sse(RequestScope(extensions: Extensions(fullFlush: true)))
    static let lifespan = Scope.lifespan(LifespanScope())
}

extension OutboundEvent {
    static let start = OutboundEvent.httpResponseStart(status: .ok)
    static let startWithTrailers = OutboundEvent.httpResponseStart(status: .ok, trailers: true)
    static let finalBody = OutboundEvent.httpResponseBody("done")
    static let moreBody = OutboundEvent.httpResponseBody("part", more: true)
}
