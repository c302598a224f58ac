import Logging
import NIOCore
import NIOHTTP2
import PAGI
import PAGIServer

extension HTTP2StreamExchange {
    /// The failure rules, as on HTTP/1, once the application returned or threw:
    ///
    /// - the stream ended abnormally (reset, client gone): nothing more is written, except
    ///   the 413 for a refused body when nothing was sent yet;
    /// - it threw, or returned without a response, before its head was on the wire: 500;
    /// - it threw or returned mid-response: the stream is reset (`INTERNAL_ERROR`), except
    ///   that an event stream is ended normally.
    func finish(_ error: (any Error)?) async {
        self.state.withLock { state in
            state.finished = true
            state.keepalive?.cancel()
        }
        defer {
            if !self.state.withLock({ $0.complete }) { self.end(self.state.withLock { $0.ended } ?? .serverError) }
        }
        await self.sendGate.withGate {
            let state = self.state.withLock { $0 }
            if state.complete && error == nil { return }
            if let reason = state.ended {
                if reason == .serverShutdown, self.kind == .sse, state.headSent, !state.complete {
                    await self.endStream()  // The client reconnects elsewhere.
                } else if let bodyError = state.bodyError, !state.headSent {
                    await self.writeError(bodyError.status, message: bodyError.message)
                }
                return
            }
            if !state.headSent {
                if let error {
                    self.logger.error("Application error before the response started: \(error)", metadata: self.logMetadata)
                } else {
                    let what = state.pendingStart == nil ? "without sending a response" : "before sending its response body"
                    self.logger.error("Application returned \(what)", metadata: self.logMetadata)
                }
                await self.writeError(.internalServerError)
                return
            }
            if let error {
                self.logger.error("Application error after the response started; resetting the stream: \(error)", metadata: self.logMetadata)
            } else if self.kind == .sse {
                await self.endStream()
                return
            } else if !state.complete {
                self.logger.error("Application returned before its response was complete; resetting the stream", metadata: self.logMetadata)
            }
            await self.write([.rstStream(.internalError)])
        }
    }

    /// The server's own response, when nothing of the application's is on the wire.
    func writeError(_ status: HTTPResponse.Status, message: String? = nil, headers: Headers = [:]) async {
        let (block, body) = self.fields.errorResponse(status, message: message, headers: headers)
        self.state.withLock { state in
            state.pendingStart = nil
            state.headSent = true
            state.status = status.code
            state.responseHeaders = [:]
            state.bodyBytes = body.readableBytes
        }
        self.connection.markResponseStarted()
        let bodyFrame: HTTP2Frame.FramePayload = .data(.init(data: .byteBuffer(body), endStream: true))
        if self.head.method == .head {
            await self.write([.headers(.init(headers: block, endStream: true))])
        } else {
            await self.write([.headers(.init(headers: block)), bodyFrame])
        }
        self.completeResponse()
    }

    var loggedResponse: (status: Int, bodyBytes: Int, headers: Headers) {
        self.state.withLock { ($0.status ?? 0, $0.bodyBytes, $0.responseHeaders) }
    }

    var logMetadata: Logger.Metadata {
        ["method": "\(self.head.method.rawValue)", "path": "\(String(buffer: self.head.rawPath))", "http": "2"]
    }
}
