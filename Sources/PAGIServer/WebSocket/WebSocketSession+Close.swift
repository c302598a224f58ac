import Logging
import NIOCore
import NIOWebSocket
package import PAGI

/// The ways a WebSocket ends (RFC 6455 §7): the close handshake either side begins, the server
/// failing the connection, the connection dropping, a graceful shutdown, the application
/// returning. The server closes the TCP connection once the handshake is complete (§7.1.1).
extension WebSocketSession {
    /// Sends a close frame and waits (at most the close timeout) for the client's; the
    /// application then receives `websocket.disconnect` with the client's code.
    func close(code: WebSocketCloseCode, reason: String) async {
        guard await self.writeClose(code: code, reason: reason) else { return }
        let received = self.state.withLock { state in
            if !state.closeReceived {
                state.closeDeadline = self.transport.eventLoop.scheduleTask(in: TimeAmount(self.options.closeTimeout)) {
                    self.drop(.clientTimeout)
                }
            }
            return state.closeReceived
        }
        if received { self.transport.close() }
    }

    /// The client's close frame: echoed (same code) unless the server's went out first, then
    /// the server closes the connection.
    func peerClosed(code: WebSocketCloseCode, reason: String) async {
        self.state.withLock { state in
            state.closeReceived = true
            state.closeDeadline?.cancel()
        }
        // The echo goes out before the application hears of the close: an application that
        // then returns must not get its own 1000 in first.
        _ = await self.writeClose(code: code == .noStatusReceived ? nil : code, reason: "")
        let waiters = self.state.withLock { state in
            if state.closed == nil { state.closed = (code, reason) }
            return state.takeWaiters()
        }
        for waiter in waiters { waiter.resume() }
        self.transport.close()
    }

    /// Fails the WebSocket (§7.1.7): the close frame with `code`, then the server stops
    /// sending (a half-close, so that the close frame is not lost to a reset) and drains the
    /// socket until the client closes or the close timeout passes. The application receives
    /// `code` and `reason` (`protocol_error`, `queue_overflow`).
    func fail(_ code: WebSocketCloseCode, reason: DisconnectReason, message: String) async {
        self.logger.debug("Failing a WebSocket with \(code): \(message)")
        // The close frame goes out before the application hears of it: an application that
        // then returns must not get its own 1000 in first.
        _ = await self.writeClose(code: code, reason: String(message.utf8.prefix(123)) ?? "")
        let waiters = self.state.withLock { state in
            if state.closed == nil { state.closed = (code, reason.rawValue) }
            return state.takeWaiters()
        }
        for waiter in waiters { waiter.resume() }
        self.state.withLock { state in
            state.closeDeadline?.cancel()
            state.closeDeadline = self.transport.eventLoop.scheduleTask(in: TimeAmount(self.options.closeTimeout)) {
                self.transport.close()
            }
        }
        self.transport.finishSending()
    }

    /// Writes the close frame (empty when `code` is `nil`) unless one went out already;
    /// `false` when it had.
    private func writeClose(code: WebSocketCloseCode?, reason: String) async -> Bool {
        await self.writeGate.withGate {
            let first = self.state.withLock { state in
                defer { state.closeSent = true }
                return !state.closeSent
            }
            guard first else { return false }
            let frame = code.map { WebSocketFrameWriter.closeFrame(code: $0, reason: reason) }
                ?? WebSocketFrameWriter.frame(opcode: .connectionClose, payload: ByteBuffer())
            await self.write([.byteBuffer(frame)])
            return true
        }
    }

    /// Drops the connection without a close handshake: the application receives 1006 and `reason`.
    func drop(_ reason: DisconnectReason) {
        self.end(reason)
        self.transport.close()
    }

    /// The connection is gone (or the server gave up on it): the application receives 1006
    /// and `reason`, unless the WebSocket had already closed.
    package func end(_ reason: DisconnectReason) {
        let (waiters, denial) = self.state.withLock { state in
            if state.closed == nil { state.closed = (.abnormalClosure, reason.rawValue) }
            state.pongDeadline?.cancel()
            state.queueDeadline?.cancel()
            state.pinger?.cancel()
            return (state.takeWaiters(), state.denial)
        }
        for waiter in waiters { waiter.resume() }
        denial?.end(reason)
    }

    /// A graceful shutdown closes an open WebSocket with `closeCode`; one not accepted yet is
    /// closed right after its accept.
    package func beginShutdown(closeCode: WebSocketCloseCode) {
        let open = self.state.withLock { state in
            state.shutdownCode = closeCode
            return state.phase == .open
        }
        if open { Task { await self.close(code: closeCode, reason: "Server shutting down") } }
    }

    /// The failure rules once the application returned or threw:
    ///
    /// - it never answered the handshake: 500 and a log line (unless the client left);
    /// - it was writing a denial response: the HTTP rules for an unfinished response;
    /// - the WebSocket is open: it is closed, with 1000 when the application returned and 1011
    ///   (and a log line) when it threw.
    func finish(_ outcome: HTTP1Exchange.Outcome) async {
        if case .threw(let error) = outcome { await self.finish(threw: error) } else { await self.finish(threw: nil) }
    }

    /// ``finish(_:)`` for a transport that is not HTTP/1's: `error` is what the application threw.
    package func finish(threw error: (any Error)?) async {
        let (phase, denial, gone) = self.state.withLock { ($0.phase, $0.denial, $0.closed != nil) }
        switch (phase, error) {
        case (.connecting, _), (.handshake, _):
            if gone { break }
            if let error {
                self.logger.error("Application error before answering the WebSocket handshake: \(error)", metadata: self.logMetadata)
            } else {
                self.logger.error("Application returned without accepting or refusing the WebSocket", metadata: self.logMetadata)
            }
            await self.refuse(.internalServerError)
        case (.refused, _):
            await denial?.finishDenial(threw: error)
        case (.open, let error?):
            if !gone { self.logger.error("Application error; closing the WebSocket with 1011: \(error)", metadata: self.logMetadata) }
            await self.close(code: .internalError, reason: "")
        case (.open, nil):
            await self.close(code: .normalClosure, reason: "")
        }
        let waiters = self.state.withLock { state in
            if state.phase != .open { state.phase = .refused }
            state.finishing = true
            return state.takeWaiters()
        }
        for waiter in waiters { waiter.resume() }
        await self.readToEnd()
    }

    /// Cancels every timer (the connection is over; they hold the session).
    package func stopTimers() {
        self.state.withLock { state in
            state.pinger?.cancel()
            state.pongDeadline?.cancel()
            state.closeDeadline?.cancel()
            state.queueDeadline?.cancel()
            (state.pinger, state.pongDeadline, state.closeDeadline, state.queueDeadline) = (nil, nil, nil, nil)
        }
    }

    var logMetadata: Logger.Metadata {
        ["path": "\(String(buffer: self.head.rawPath))"]
    }

    // MARK: - Pings

    /// (Re)starts the pings with the current interval: the server's, or the application's
    /// `websocket.keepalive`.
    func schedulePings() {
        self.state.withLock { state in
            state.pinger?.cancel()
            state.pinger = nil
            guard let interval = state.pingInterval, state.phase == .open, state.closed == nil else { return }
            let delay = TimeAmount(interval)
            state.pinger = self.transport.eventLoop.scheduleRepeatedTask(initialDelay: delay, delay: delay) { _ in
                self.pingDue()
            }
        }
    }

    private func pingDue() {
        let send = self.state.withLock { state in
            guard state.phase == .open, !state.closeSent, state.closed == nil else { return false }
            if let timeout = state.pingTimeout, state.pongDeadline == nil {
                state.pongDeadline = self.transport.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
                    self.logger.debug("No pong within \(timeout): dropping the WebSocket")
                    self.drop(.keepaliveTimeout)
                }
            }
            return true
        }
        guard send else { return }
        Task { await self.writeFrames([.byteBuffer(WebSocketFrameWriter.frame(opcode: .ping, payload: ByteBuffer(string: "pagi")))]) }
    }

    /// A pong arrived: the client is alive.
    func pongReceived() {
        self.state.withLock { state in
            state.pongDeadline?.cancel()
            state.pongDeadline = nil
        }
    }
}
