import HTTPTypes
import NIOCore
import PAGI
import Synchronization

/// One HTTP request in flight: the application's run, its request body, and the
/// response as it arrives. (The run itself plays the server: it updates the connection
/// state and makes `receive` return `http.disconnect` once the response is complete.)
final class HTTPExchange: Sendable {
    private struct Progress {
        var response: TestResponse?
        var eventsBeforeStart: [OutboundEvent] = []
    }

    let run: AppRun
    let connection: ConnectionState
    let raiseAppErrors: Bool
    private let isHead: Bool
    private let progress = Mutex(Progress())

    init(client: TestClient, method: HTTPRequest.Method, target: String, headers: Headers, body: RequestBody) {
        var headers = headers
        if !headers.contains(.contentLength), !headers.contains(.transferEncoding) {
            if let length = body.contentLength {
                if length > 0 || [.post, .put, .patch].contains(method) { headers.append(.contentLength, "\(length)") }
            } else {
                headers.append(.transferEncoding, "chunked")
            }
        }
        let scope = client.makeRequestScope(.http, method: method, target: target, headers: headers, scheme: client.configuration.scheme)
        self.connection = scope.connection!
        self.raiseAppErrors = client.configuration.raiseAppErrors
        self.isHead = method == .head
        let run = AppRun(scope: .http(scope), terminal: .httpDisconnect(reason: nil), timeout: client.configuration.timeout)
        self.run = run
        run.start(client.app)
        run.startBodyPump(body) { .httpRequest($0, more: $1) }
    }

    /// The next event the application sent, with the body bytes it carries; `nil` once the
    /// application returned and everything was read.
    func next() async throws -> (event: OutboundEvent, chunk: ByteBuffer?)? {
        guard let sent = try await self.run.nextEvent(waitingFor: "the application's next HTTP event") else { return nil }
        let chunk = self.progress.withLock { progress -> ByteBuffer? in
            var chunk: ByteBuffer?
            switch sent.event {
            case .httpResponseStart(let start):
                progress.response = TestResponse(status: start.status, headers: start.headers)
                progress.response?.events = progress.eventsBeforeStart
            case .httpResponseBody(let bytes, _):
                chunk = bytes
            case .httpResponseFile:
                chunk = sent.fileContents
            case .httpResponseTrailers(let trailers):
                progress.response?.trailers = trailers
            default:
                break
            }
            if self.isHead { chunk = nil }
            if progress.response == nil {
                progress.eventsBeforeStart.append(sent.event)
            } else {
                progress.response?.events.append(sent.event)
                if let chunk { progress.response?.chunks.append(chunk) }
                if sent.completes { progress.response?.isComplete = true }
            }
            return chunk
        }
        return (sent.event, chunk)
    }

    /// The response so far (`nil` before it started).
    var response: TestResponse? { self.progress.withLock { $0.response } }

    /// The client leaves: the application receives `http.disconnect` with `client_closed`
    /// and its later sends are no-ops.
    func clientLeft() {
        self.connection.markDisconnected(.clientClosed)
        self.run.clientLeft(terminal: .httpDisconnect(reason: .clientClosed))
    }

    /// Reads the rest, waits for the application to return, and applies the error rules.
    func finish() async throws -> TestResponse {
        while try await self.next() != nil {}
        return try await self.conclude()
    }

    /// Waits for the application to return and gives the response a server would have given.
    func conclude() async throws -> TestResponse {
        let outcome = try await self.run.outcome(waitingFor: "the application to return")
        let clientLeft = self.connection.disconnectReason != nil
        var appError: (any Error)? = self.run.violation
        if appError == nil, case .threw(let error) = outcome, !(clientLeft && (error as? PAGIError)?.code == .clientDisconnected) {
            appError = error
        }
        let response = self.response
        if let appError {
            if self.raiseAppErrors { throw appError }
            guard var response else { return .serverError(.internalServerError, error: appError) }
            response.error = appError
            return response
        }
        guard var response else {
            let error = PAGIError(.noResponse, "The application returned without sending http.response.start")
            if self.raiseAppErrors { throw error }
            return .serverError(.internalServerError, error: error)
        }
        if !response.isComplete && !clientLeft {
            let error = PAGIError(.noResponse, "The application returned before its response was complete")
            if self.raiseAppErrors { throw error }
            response.error = error
        }
        return response
    }
}
