public import HTTPTypes
public import PAGI

extension TestClient {
    /// Opens an SSE stream: the request carries `accept: text/event-stream`, so the
    /// application gets an `sse` scope; its body arrives as `sse.request` events.
    ///
    /// Throws ``TestClientError/sseDeclined(_:)`` when the application declines with an
    /// HTTP response, and the application's error when it fails before starting.
    public func sse(
        _ target: String,
        method: HTTPRequest.Method = .get,
        headers: Headers = [:],
        body: RequestBody = .empty
    ) async throws -> TestSSEStream {
        var requestHeaders: Headers = ["accept": "text/event-stream"]
        requestHeaders.append(contentsOf: headers)
        if let length = body.contentLength, length > 0 { requestHeaders.append(.contentLength, "\(length)") }
        let scope = self.makeRequestScope(.sse, method: method, target: target, headers: requestHeaders, scheme: self.configuration.scheme)
        let run = AppRun(scope: .sse(scope), terminal: .sseDisconnect(reason: nil), timeout: self.configuration.timeout)
        run.start(self.app)
        run.startBodyPump(body) { .sseRequest($0, more: $1) }

        var keepalive: (Duration, String)?
        var refusal = Refusal()
        while let sent = try await run.nextEvent(waitingFor: "the application to start the event stream") {
            switch sent.event {
            case .sseStart(let start):
                return TestSSEStream(run: run, raiseAppErrors: self.configuration.raiseAppErrors, start: start, keepalive: keepalive)
            case .sseKeepalive(let interval, let comment):
                keepalive = interval == .zero ? nil : (interval, comment)
            case .sseHTTPResponseStart(let start):
                refusal.start(start, event: sent.event)
            case .sseHTTPResponseBody(let bytes, let more):
                refusal.body(bytes, more: more, event: sent.event)
            default:
                continue
            }
        }
        try await run.concludeRefusal(
            refusal,
            raiseAppErrors: self.configuration.raiseAppErrors,
            unanswered: "starting or declining the event stream",
            as: TestClientError.sseDeclined
        )
    }
}
