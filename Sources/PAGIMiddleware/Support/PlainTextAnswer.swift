import PAGI

/// A short plain-text answer given by a middleware in place of the application, in whatever
/// request scope it is (see ``CompleteResponse/send(answering:through:closeCode:)``).
enum PlainTextAnswer {
    static func send(_ status: HTTPResponse.Status, _ text: String, headers: Headers = [:], in scope: Scope, to send: Send) async throws {
        try await CompleteResponse(status, body: text, headers: headers).send(answering: scope, through: send)
    }
}

/// Refuses a request scope with `status` and a short text (the 401 of an authenticator, the
/// 403 of CSRF, the 429 of a rate limit); a WebSocket the server cannot send a denial for is
/// closed with 1008 (policy violation) and the text as the reason.
func refuse(_ scope: Scope, status: HTTPResponse.Status, text: String, headers: Headers = [:], send: Send) async throws {
    try await CompleteResponse(status, body: text, headers: headers).send(answering: scope, through: send, closeCode: .policyViolation)
}
