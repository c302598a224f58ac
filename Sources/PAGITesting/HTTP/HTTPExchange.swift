import HTTPTypes
import NIOCore
import PAGI
import Synchronization

/// One HTTP request in flight: the application's run, the request body pump, and the
/// response as it arrives. Mirrors the server: the connection state is updated as the
/// response starts and completes, and `receive` returns `http.disconnect` once the
/// response is complete or the client left.
final class HTTPExchange: Sendable {
    private struct Progress {
        var response: TestResponse?
        var eventsBeforeStart: [OutboundEvent] = []
        var trailersPromised = false
    }

    let run: AppRun
    let connection: ConnectionState
    let raiseAppErrors: Bool
    private let isHead: Bool
    private let progress = Mutex(Progress())
    private let pump: Task<Void, Never>

    init(client: TestClient, method: HTTPRequest.Method, target: String, headers: Headers, body: RequestBody) {
        var headers = headers
        if !headers.contains(.contentLength), !headers.contains(.transferEncoding) {
            if let length = body.contentLength {
                if length > 0 || [.post, .put, .patch].contains(method) { headers.append(.contentLength, "\(length)") }
            } else {
                headers.append(.transferEncoding, "chunked")
            }
        }
        let scope = client.makeRequestScope(method: method, target: target, headers: headers, scheme: client.configuration.scheme)
        self.connection = scope.connection!
        self.raiseAppErrors = client.configuration.raiseAppErrors
        self.isHead = method == .head
        let run = AppRun(scope: .http(scope), terminal: .httpDisconnect(reason: nil), timeout: client.configuration.timeout)
        self.run = run
        run.start(client.app)
        self.pump = Task { await body.pump({ .httpRequest($0, more: $1) }, into: { await run.deliver($0) }) }
    }

    /// The next event the application sent, with the body bytes it carries; `nil` once the
    /// application returned and everything was read.
    func next() async throws -> (event: OutboundEvent, chunk: ByteBuffer?)? {
        guard let sent = try await self.run.nextEvent(waitingFor: "the application's next HTTP event") else { return nil }
        let (chunk, completed) = self.progress.withLock { progress -> (ByteBuffer?, Bool) in
            var chunk: ByteBuffer?
            var completed = false
            switch sent.event {
            case .httpResponseStart(let start):
                progress.response = TestResponse(status: start.status, headers: start.headers)
                progress.response?.events = progress.eventsBeforeStart
                progress.trailersPromised = start.trailers
            case .httpResponseBody(let bytes, let more):
                chunk = bytes
                completed = !more && !progress.trailersPromised
            case .httpResponseFile:
                chunk = sent.fileContents
                completed = !progress.trailersPromised
            case .httpResponseTrailers(let trailers):
                progress.response?.trailers = trailers
                completed = true
            default:
                break
            }
            if self.isHead { chunk = nil }
            if progress.response == nil {
                progress.eventsBeforeStart.append(sent.event)
            } else {
                progress.response?.events.append(sent.event)
                if let chunk { progress.response?.chunks.append(chunk) }
                if completed { progress.response?.isComplete = true }
            }
            return (chunk, completed)
        }
        if case .httpResponseStart = sent.event { self.connection.markResponseStarted() }
        if completed {
            self.connection.markResponseComplete()
            self.run.endInput(terminal: .httpDisconnect(reason: nil))
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
        self.pump.cancel()
    }

    /// Reads the rest, waits for the application to return, and applies the error rules.
    func finish() async throws -> TestResponse {
        while try await self.next() != nil {}
        return try await self.conclude()
    }

    /// Waits for the application to return and gives the response a server would have given.
    func conclude() async throws -> TestResponse {
        let outcome = try await self.run.outcome(waitingFor: "the application to return")
        self.pump.cancel()
        let clientLeft = self.connection.disconnectReason != nil
        var appError: (any Error)? = self.run.violation
        if appError == nil, case .threw(let error) = outcome, !(clientLeft && error as? PAGIError == .clientDisconnected) {
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
