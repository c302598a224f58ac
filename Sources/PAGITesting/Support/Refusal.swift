import NIOCore
import PAGI

/// The HTTP response with which an application refuses a WebSocket handshake (a denial) or
/// an SSE stream (a decline), collected from its start and body events.
struct Refusal {
    private(set) var response: TestResponse?

    /// Records the refusal's head.
    mutating func start(_ start: ResponseStart, event: OutboundEvent) {
        self.response = TestResponse(status: start.status, headers: start.headers)
        self.response?.events.append(event)
    }

    /// Records a body piece.
    mutating func body(_ bytes: ByteBuffer, more: Bool, event: OutboundEvent) {
        self.response?.chunks.append(bytes)
        self.response?.events.append(event)
        if !more { self.response?.isComplete = true }
    }

    /// Records a refusal the server answers on the application's behalf (403 for a
    /// WebSocket closed before it was accepted).
    mutating func answeredByServer(_ status: HTTPResponse.Status, event: OutboundEvent) {
        self.response = .serverError(status, error: nil)
        self.response?.events.append(event)
    }
}

extension AppRun {
    /// Once the application has refused or failed to answer a handshake: waits for it to
    /// return and throws what the client sees: the application's error (when raised), the
    /// refusal, `noResponse` (when it answered nothing), or the server's 500.
    func concludeRefusal(
        _ refusal: Refusal,
        raiseAppErrors: Bool,
        unanswered: String,
        as makeError: (TestResponse) -> TestClientError
    ) async throws -> Never {
        let outcome = try await self.outcome(waitingFor: "the application to return")
        let appError: (any Error)? = self.violation ?? self.thrownError
        if let appError, raiseAppErrors { throw appError }
        if let response = refusal.response, response.isComplete { throw makeError(response) }
        if case .returned = outcome, appError == nil, raiseAppErrors {
            throw PAGIError(.noResponse, "The application returned without \(unanswered)")
        }
        throw makeError(.serverError(.internalServerError, error: appError))
    }
}
