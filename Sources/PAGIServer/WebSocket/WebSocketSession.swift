package import Logging
import NIOCore
import NIOWebSocket
package import PAGI
import Synchronization

/// One WebSocket, from the upgrade request to the close: the scope's `receive` and `send`,
/// the frames read from the client, pings, and the close handshake.
///
/// The application runs in the connection's task. A second task reads the client's frames
/// (``readFrames()``): it queues messages for `receive` (at most `maxQueue`; while the queue
/// is full it stops reading the socket), answers pings and closes. Timers (pings, the pong
/// and close deadlines, a queue that stays full) are the event loop's scheduled tasks, so an
/// idle WebSocket costs no task of its own for them.
package final class WebSocketSession: ConnectionActivity {
    enum Phase: Equatable {
        /// `websocket.connect` is not delivered yet.
        case connecting
        /// The application is deciding.
        case handshake
        /// Accepted: `101 Switching Protocols` is on the wire.
        case open
        /// Refused: 403, the application's denial response, or 500.
        case refused
    }

    struct State {
        var validator: EventValidator
        var phase = Phase.connecting
        /// Messages the background reader read while the application was away from `receive`.
        var inbox: [WebSocketMessage] = []
        /// A `receive` waiting for an event.
        var receiver: CheckedContinuation<Void, Never>?
        /// The background reader waiting for room in the inbox.
        var reader: CheckedContinuation<Void, Never>?
        /// The background reader's task, while it holds the socket.
        var backgroundTask: Task<Void, Never>?
        /// The frame-reading state, once the WebSocket is open.
        var frames: WebSocketFrameReading?
        /// Someone holds the socket: a `receive`, or the background reader.
        var reading = false
        /// The reading side is over (the client's close, a failure, the connection's end).
        var readingDone = false
        /// The application is inside `receive`; how many times it entered, and that count at the
        /// sweep's last pass (the same count twice: the application stayed away).
        var receiving = false
        var receiveCount = 0
        var sweptReceiveCount = 0
        /// The application came back to `receive`: the background reader hands the socket back.
        var returnSocket = false
        /// The application returned: whoever reads, reads to the connection's end.
        var finishing = false
        /// The disconnect event's code and reason, once the WebSocket is closed.
        var closed: (code: WebSocketCloseCode, reason: String)?
        var closeSent = false
        var closeReceived = false
        /// The close code of a graceful shutdown, once one began.
        var shutdownCode: WebSocketCloseCode?
        var pingInterval: Duration?
        var pingTimeout: Duration?
        var pinger: RepeatedTask?
        var pongDeadline: Scheduled<Void>?
        var closeDeadline: Scheduled<Void>?
        var queueDeadline: Scheduled<Void>?
        /// The permessage-deflate parameters agreed in the handshake, if any.
        var deflate: PerMessageDeflateAgreement?
        var deflation: WebSocketDeflation?
        /// The application's denial response, written as an ordinary HTTP response.
        var denial: (any WebSocketDenial)?
        var status: Int?
        var responseHeaders = Headers()
        var bodyBytes = 0

        /// Whether `receive` has something to return, or the socket to read.
        var hasEvent: Bool {
            self.phase == .connecting || !self.inbox.isEmpty || self.closed != nil
                || (self.phase == .open && !self.reading && !self.readingDone)
        }

        /// Takes the waiting tasks, to resume them after the lock: something they wait for changed.
        mutating func takeWaiters() -> [CheckedContinuation<Void, Never>] {
            defer { (self.receiver, self.reader) = (nil, nil) }
            return [self.receiver, self.reader].compactMap { $0 }
        }
    }

    let head: RequestHead
    let scope: Scope
    let options: ServerConfiguration.WebSocket
    let transport: any WebSocketTransport
    let logger: Logger
    let started = ContinuousClock.now
    let state: Mutex<State>
    /// Keeps the application's events in order when it sends from several tasks.
    let sendGate = AsyncGate()
    /// Keeps frames whole and in order: the application's, the reader's pongs and closes, pings.
    let writeGate = AsyncGate()
    let receiveGate = AsyncGate()

    /// A session for the handshake request `head` (its `scope`), on `transport`.
    package init(head: RequestHead, scope: Scope, options: ServerConfiguration.WebSocket, transport: any WebSocketTransport, logger: Logger) {
        self.head = head
        self.scope = scope
        self.options = options
        self.transport = transport
        self.logger = logger
        var state = State(validator: EventValidator(scope: scope))
        state.pingInterval = options.pingInterval
        state.pingTimeout = options.pingTimeout
        self.state = Mutex(state)
    }

    // MARK: - receive

    /// The scope's `receive`: `websocket.connect` first, then the client's messages in order,
    /// then `websocket.disconnect` (again on every later call). While it waits for a message
    /// it reads the socket itself, unless the background reader holds it.
    package func receive() async throws -> InboundEvent {
        try await self.receiveGate.withGate {
            self.state.withLock { state in
                state.receiving = true
                state.receiveCount += 1
            }
            defer { self.state.withLock { $0.receiving = false } }
            while true {
                enum Next { case event(InboundEvent, CheckedContinuation<Void, Never>?), read(WebSocketFrameReading), wait }
                let next = self.state.withLock { state -> Next in
                    if state.phase == .connecting {
                        state.phase = .handshake
                        return .event(.websocketConnect, nil)
                    }
                    if !state.inbox.isEmpty {
                        let message = state.inbox.removeFirst()
                        // Room again: a background reader waiting for it goes on, and the queue is not stuck.
                        state.queueDeadline?.cancel()
                        state.queueDeadline = nil
                        defer { state.reader = nil }
                        return .event(.websocketReceive(message), state.reader)
                    }
                    if let closed = state.closed { return .event(.websocketDisconnect(code: closed.code, reason: closed.reason), nil) }
                    if state.phase == .open, !state.reading, !state.readingDone, let frames = state.frames {
                        state.reading = true
                        return .read(frames)
                    }
                    if state.reading { state.returnSocket = true }
                    return .wait
                }
                switch next {
                case .event(let event, let resume):
                    resume?.resume()
                    return event
                case .read(let frames):
                    let step = await self.readStep(frames)
                    self.releaseSocket(ended: { if case .ended = step { return true } else { return false } }())
                    // After its own close frame the application is done with messages: they are dropped.
                    if case .message(let message) = step, !self.state.withLock({ $0.closeSent }) {
                        return .websocketReceive(message)
                    }
                case .wait:
                    try await self.waitForEvent()
                }
            }
        }
    }

    private func waitForEvent() async throws {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready = self.state.withLock { state in
                    if state.hasEvent || Task.isCancelled { return true }
                    state.receiver = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            self.state.withLock { state in defer { state.receiver = nil }; return state.receiver }?.resume()
        }
        try Task.checkCancellation()
    }

    // MARK: - send

    /// The scope's `send`: validates the event, then acts on it. Once the WebSocket is closed,
    /// messages are dropped (the event is still checked).
    package func send(_ event: OutboundEvent) async throws {
        try await self.sendGate.withGate {
            let phase = try self.state.withLock { state throws(PAGIError) -> Phase in
                try state.validator.validate(event)
                return state.phase
            }
            switch event {
            case .websocketAccept(let subprotocol, let headers):
                await self.accept(subprotocol: subprotocol, headers: headers)
            case .websocketSend(let message):
                let deflation = self.state.withLock { $0.deflation }
                await self.writeFrames(deflation?.frames(for: message) ?? WebSocketFrameWriter.frames(for: message))
            case .websocketClose(let code, let reason):
                if phase == .open {
                    await self.close(code: code, reason: reason)
                } else {
                    await self.refuse(.forbidden)
                }
            case .websocketKeepalive(let interval, let timeout):
                self.state.withLock { state in
                    state.pingInterval = interval == .zero ? nil : interval
                    state.pingTimeout = timeout
                }
                if phase == .open { self.schedulePings() }
            case .websocketHTTPResponseStart(let start):
                try await self.denial().send(.httpResponseStart(start))
            case .websocketHTTPResponseBody(let body, let more):
                try await self.denial().send(.httpResponseBody(body, more: more))
            default:
                break
            }
        }
    }

    /// Completes the handshake (`101 Switching Protocols`, or `200` on HTTP/2), then the
    /// reader starts and pings are scheduled. When the client already left, nothing is written.
    private func accept(subprotocol: String?, headers: Headers) async {
        var headers = headers
        var deflate: PerMessageDeflateAgreement?
        var inflation: WebSocketInflation?
        if self.options.perMessageDeflate {
            let offers = self.head.headers.filter { $0.name == "sec-websocket-extensions" }.map(\.value.text)
            deflate = PerMessageDeflateAgreement.negotiate(offers: offers)
            // Without a decompressor (zlib out of memory), compression is declined.
            inflation = deflate.flatMap { try? WebSocketInflation(agreement: $0, maxMessageSize: self.options.maxMessageSize) }
            if inflation == nil { deflate = nil }
            if let deflate { headers.append("sec-websocket-extensions", ByteString(deflate.response)) }
        }
        let frames = WebSocketFrameReading(maxMessageSize: self.options.maxMessageSize, inflation: inflation)
        let gone = self.state.withLock { state in
            state.status = Int(self.transport.acceptStatus.code)
            state.responseHeaders = headers
            state.deflate = deflate
            state.deflation = deflate.map { WebSocketDeflation(agreement: $0, minSize: self.options.perMessageDeflateMinSize) }
            return state.closed != nil
        }
        if !gone {
            do { try await self.transport.writeAccept(subprotocol: subprotocol, headers: headers) } catch { self.writeFailed() }
        }
        let (waiters, shutdownCode) = self.state.withLock { state in
            state.phase = .open
            state.frames = frames
            return (state.takeWaiters(), state.shutdownCode)
        }
        for waiter in waiters { waiter.resume() }
        self.schedulePings()
        if let shutdownCode { await self.close(code: shutdownCode, reason: "Server shutting down") }
    }

    /// Refuses the handshake with the server's own response (403 for `websocket.close` before
    /// accept, 500 for an application that failed to answer); the connection then closes.
    func refuse(_ status: HTTPResponse.Status) async {
        let gone = self.state.withLock { state in
            state.phase = .refused
            state.status = Int(status.code)
            state.bodyBytes = StatusLine.reason(status.code).utf8.count
            return state.closed != nil
        }
        if !gone {
            do { try await self.transport.writeRefusal(status) } catch { self.writeFailed() }
        }
        self.end(.clientClosed)
    }

    /// The exchange that writes the application's denial response, made on its first event:
    /// the denial is an ordinary HTTP response, with the HTTP rules for framing and failures.
    private func denial() -> any WebSocketDenial {
        self.state.withLock { state in
            if let denial = state.denial { return denial }
            let denial = self.transport.makeDenial()
            state.denial = denial
            state.phase = .refused
            return denial
        }
    }

    // MARK: - Writing

    /// Writes one frame (or a message's frames) under the write gate, unless a close frame
    /// went out already: nothing may follow it.
    func writeFrames(_ parts: [IOData]) async {
        await self.writeGate.withGate {
            guard !self.state.withLock({ $0.closeSent || $0.closed != nil }) else { return }
            await self.write(parts)
        }
    }

    /// Writes `parts` as one flush; a failed write drops the connection (`write_error`).
    func write(_ parts: [IOData]) async {
        do {
            try await self.transport.write(parts)
        } catch {
            self.writeFailed()
        }
    }

    /// A write to the transport failed: the connection is dropped (`write_error`).
    private func writeFailed() {
        self.end(self.transport.writeFailureReason)
        self.transport.close()
    }
}
