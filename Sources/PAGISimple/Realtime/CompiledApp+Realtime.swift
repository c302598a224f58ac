import Logging
import NIOCore
import PAGI
import PAGIPubSub

extension CompiledApp {
    /// A request's path as route segments, percent-decoded.
    static func segments(_ request: RequestScope) -> [String] {
        RoutePattern.split(request.rawPath.text).map { PercentEncoding.decodePath(ByteString($0)) }
    }

    /// A `websocket` scope: its route's handler, or a 404 refusal.
    func serveWebSocket(_ request: RequestScope, receive: @escaping Receive, send: @escaping Send) async throws {
        guard case .found(let route, let parameters) = self.realtime.webSockets.match(.get, Self.segments(request)) else {
            return try await Self.refuseWebSocket(request, send: send)
        }
        guard case .websocketConnect = try await receive() else { return }
        let resources = RequestResources()
        defer { resources.release() }
        let context = self.context(request, parameters, Self.noBody, resources)
        let socket = WebSocket(context: context, pubsub: self.pubsub(request), bufferSize: self.realtime.bufferSize, receive: receive, send: send)
        var failure: (any Error)?
        do {
            try await route.handler(socket)
        } catch {
            failure = error
        }
        socket.membership.end()
        switch socket.state.withLock({ $0.phase }) {
        case .connecting:
            if let failure {
                let error = self.refusal(for: failure, context)
                try? await socket.deny(error.status, error.message, headers: error.headers)
            } else {
                try? await socket.close()  // Never accepted: the server's 403.
            }
        case .open:
            if Self.logFailure(failure, of: "WebSocket", context) {
                try? await socket.close(code: .internalError, reason: "Internal Error")
            } else {
                try? await socket.close()
            }
        case .closed, .denied:
            Self.logFailure(failure, of: "WebSocket", context)
        }
    }

    /// Refuses a WebSocket handshake that no route takes: 404 where the server can send a
    /// refusal response, else a close (the server's 403).
    static func refuseWebSocket(_ request: RequestScope, send: Send) async throws {
        if request.extensions.websocketHTTPResponse {
            try await send(.websocketHTTPResponseStart(ResponseStart(status: .notFound, headers: ["content-type": "text/plain; charset=utf-8"])))
            try await send(.websocketHTTPResponseBody(ByteBuffer(string: "Not Found")))
        } else {
            try await send(.websocketClose())
        }
    }

    /// An `sse` scope for an event-stream route, if one matches; `false` otherwise (the HTTP
    /// routes answer it).
    func serveEventStream(_ request: RequestScope, receive: @escaping Receive, send: @escaping Send) async throws -> Bool {
        guard case .found(let route, let parameters) = self.realtime.eventStreams.match(.get, Self.segments(request)) else { return false }
        let resources = RequestResources()
        defer { resources.release() }
        let context = self.context(request, parameters, Self.noBody, resources)
        let stream = EventStream(context: context, pubsub: self.pubsub(request), bufferSize: self.realtime.bufferSize, send: send)
        // The only way to learn that the client left.
        let watcher = Task {
            while true {
                switch try? await receive() {
                case .sseDisconnect?, .httpDisconnect?, nil: return stream.clientLeft()
                default: continue
                }
            }
        }
        defer { watcher.cancel() }
        var failure: (any Error)?
        do {
            try await route.handler(stream)
            // Subscribed to channels: open until the client leaves or the stream is closed.
            if !stream.membership.isEmpty { await stream.waitUntilClosed() }
        } catch {
            failure = error
        }
        stream.membership.end()
        switch stream.state.withLock({ $0.phase }) {
        case .pending:
            if let failure {
                let error = self.refusal(for: failure, context)
                try? await stream.decline(error.status, error.message, headers: error.headers)
            } else {
                await stream.close()  // Nothing was sent: 204.
            }
        case .streaming, .closed, .declined:
            Self.logFailure(failure, of: "Event stream", context)
            await stream.close()
        }
        return true
    }

    /// The answer for an HTTP request that no route took, when its path is a WebSocket or an
    /// event-stream route's: how to ask for it.
    func realtimeHint(_ segments: [String]) -> HTTPError? {
        if case .found = self.realtime.webSockets.match(.get, segments) {
            return HTTPError(.upgradeRequired, "This is a WebSocket endpoint: connect with a WebSocket client", headers: ["upgrade": "websocket", "connection": "Upgrade"])
        }
        if case .found = self.realtime.eventStreams.match(.get, segments) {
            return HTTPError(.notAcceptable, "This endpoint streams server-sent events: request it with Accept: text/event-stream")
        }
        return nil
    }

    /// The application's pub/sub, or the one a layer above put in the scope.
    func pubsub(_ request: RequestScope) -> PubSub { request[.pubsub] ?? self.pubsub }

    /// A `receive` for contexts without a body (WebSocket handshakes, event streams).
    static let noBody: Receive = { .httpRequest(ByteBuffer(), more: false) }

    /// The answer for a handler that failed before its connection opened: an ``HTTPError``
    /// as it is, anything else a logged 500.
    func refusal(for failure: any Error, _ context: Context) -> HTTPError {
        failure as? HTTPError ?? self.internalError(failure, context)
    }

    /// Logs a handler's failure once its connection opened; a client that left (or a
    /// cancelled task) is no failure. Returns whether there was one.
    @discardableResult
    static func logFailure(_ failure: (any Error)?, of handler: String, _ context: Context) -> Bool {
        guard let failure, !(failure is CancellationError), (failure as? PAGIError)?.code != .clientDisconnected else { return false }
        context.logger.error("\(handler) handler error: \(failure)")
        return true
    }
}
