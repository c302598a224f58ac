import Logging
import NIOCore
import PAGI

extension HTTP1Exchange {
    /// How the application's call ended.
    enum Outcome {
        case returned
        case threw(any Error)
    }

    /// The failure rules, in one place, once the application returned or threw:
    ///
    /// - the request ended abnormally (client gone): nothing more is written or logged, except
    ///   the 413 or 400 for a refused body when nothing was sent yet;
    /// - it threw before its response was on the wire: 500 and a log line;
    /// - it threw after: the connection is closed (the response is cut short) and logged;
    /// - it returned without a response: 500 and a log line;
    /// - it returned mid-response: HTTP is cut short and logged; an event stream is ended
    ///   normally.
    ///
    /// Returns whether the connection may serve another request.
    @inline(never)
    func finish(_ outcome: Outcome) async -> Bool {
        self.state.withLock { state in
            state.finished = true
            state.keepalive?.cancel()
        }
        defer {
            // A receive still waiting (in a task the application left behind) must end too.
            if !self.state.withLock({ $0.complete }) { self.end(self.endReason ?? .serverError) }
        }
        // The usual ending, decided without the send gate: a complete response can get no
        // more writes. (It also keeps this path's async frames small: a connection's task
        // keeps the memory of its deepest call for as long as it lives.)
        let usual: Bool? = self.state.withLock { state in
            guard case .returned = outcome, state.ended == nil, state.complete, (state.declaredRemaining ?? 0) == 0 else { return nil }
            return self.keepsAlive(state, framing: state.framing ?? .untilClose)
        }
        let keepAlive: Bool
        if let usual {
            keepAlive = usual
        } else {
            keepAlive = await self.finishUnusually(outcome)
        }
        guard keepAlive else { return false }
        // The next request can only be read once this one's body is off the wire.
        return await self.reader.gate.withGate { await self.reader.discardBody(limit: 1 << 20) }
    }

    /// The failure rules for an application that threw, returned early or lost its client.
    @inline(never)
    private func finishUnusually(_ outcome: Outcome) async -> Bool {
        return await self.sendGate.withGate {
            let state = self.state.withLock { $0 }
            if let reason = state.ended {
                if reason == .serverShutdown, self.kind == .sse, state.framing == .chunked, !state.complete {
                    // The server ends the stream: cleanly, so that the client reconnects elsewhere.
                    await self.write([.byteBuffer(ResponseSerializer.lastChunk())])
                }
                if let bodyError = state.bodyError, state.framing == nil {
                    await self.write([.byteBuffer(self.serializer.errorResponse(bodyError.status, message: bodyError.message))])
                }
                if case .threw(let error) = outcome, !(error is PAGIError && (error as! PAGIError).code == .clientDisconnected) {
                    self.logger.debug("Application error after the request ended (\(reason)): \(error)")
                }
                return false
            }
            switch outcome {
            case .threw(let error):
                if state.framing == nil {
                    self.logger.error("Application error before the response started: \(error)", metadata: self.logMetadata)
                    await self.writeServerError()
                } else {
                    self.logger.error("Application error after the response started; closing the connection: \(error)", metadata: self.logMetadata)
                }
                return false
            case .returned:
                if state.framing == nil {
                    let what = state.pendingStart == nil ? "without sending a response" : "before sending its response body"
                    self.logger.error("Application returned \(what)", metadata: self.logMetadata)
                    await self.writeServerError()
                    return false
                }
                if !state.complete {
                    if self.kind == .sse && state.validator.hasStarted {
                        await self.endStream()
                    } else {
                        self.logger.error("Application returned before its response was complete; closing the connection", metadata: self.logMetadata)
                    }
                    return false
                }
                if let remaining = state.declaredRemaining, remaining > 0 {
                    self.logger.error("Application sent \(remaining) bytes less than its content-length; closing the connection", metadata: self.logMetadata)
                    return false
                }
                return self.keepsAlive(state, framing: state.framing ?? .untilClose)
            }
        }
    }

    /// The server's own 500, when nothing of the response is on the wire yet.
    private func writeServerError() async {
        self.state.withLock { state in
            state.pendingStart = nil
            state.status = 500
            state.responseHeaders = [:]
            state.bodyBytes = StatusLine.reason(500).utf8.count
        }
        self.connection.markResponseStarted()
        await self.write([.byteBuffer(self.serializer.errorResponse(.internalServerError))])
    }

    var logMetadata: Logger.Metadata {
        ["method": "\(self.head.method.rawValue)", "path": "\(String(buffer: self.head.rawPath))"]
    }
}
