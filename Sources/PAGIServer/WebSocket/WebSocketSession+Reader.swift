import NIOCore
import NIOWebSocket
import PAGI

/// The reading side of an open WebSocket: frames to messages for `receive`, pings answered,
/// the client's close handled, protocol errors failed with their close code.
extension WebSocketSession {
    /// Reads the client's frames from the handshake's acceptance to the end of the connection.
    /// Returns at once when the handshake is refused.
    func readFrames() async {
        guard await self.waitUntilOpen() else { return }
        let deflate = self.state.withLock { $0.deflate }
        var parser = WebSocketFrameParser(maxFrameSize: self.options.maxMessageSize, allowRSV1: deflate != nil)
        var assembler = WebSocketMessageAssembler(maxMessageSize: self.options.maxMessageSize)
        do {
            var inflation = try deflate.map { try WebSocketInflation(agreement: $0, maxMessageSize: self.options.maxMessageSize) }
            reading: while let event = try await self.reader.next({ try parser.next(from: &$0) }) {
                let output: WebSocketMessageAssembler.Output?
                if inflation != nil {
                    output = try inflation!.transform(event).reduce(nil) { _, event in try assembler.consume(event) }
                } else {
                    output = try assembler.consume(event)
                }
                guard let output else { continue }
                switch output {
                case .message(let message):
                    await self.deliver(message)
                case .ping(let payload):
                    await self.writeFrames([.byteBuffer(WebSocketFrameWriter.frame(opcode: .pong, payload: payload))])
                case .pong:
                    self.pongReceived()
                case .close(let code, let reason):
                    await self.peerClosed(code: code, reason: reason)
                    break reading
                }
                if self.state.withLock({ $0.failed }) { break }
            }
        } catch let error as WebSocketProtocolError {
            await self.fail(error.code, reason: .protocolError, message: error.reason)
        } catch {
            // The connection failed under the reader: the close handler reports it.
        }
        await self.drain()
        self.end(.clientClosed)
    }

    /// Waits for the application's answer to the handshake; `true` once it accepted.
    private func waitUntilOpen() async -> Bool {
        while true {
            let phase = self.state.withLock { $0.phase }
            if phase == .open { return self.state.withLock { $0.closed == nil } }
            if phase == .refused { return false }
            await withCheckedContinuation { continuation in
                let decided = self.state.withLock { state in
                    if state.phase == .open || state.phase == .refused { return true }
                    state.reader = continuation
                    return false
                }
                if decided { continuation.resume() }
            }
        }
    }

    /// Queues a message for `receive`. While the queue is full the reader waits (the socket is
    /// not read); when it stays full for the queue timeout, the WebSocket fails with 1008.
    /// After the server's close frame, messages are dropped: the application is done with them.
    private func deliver(_ message: WebSocketMessage) async {
        let limit = self.options.maxQueue
        while true {
            enum Step { case delivered(CheckedContinuation<Void, Never>?), dropped, full(startTimer: Bool) }
            let step = self.state.withLock { state -> Step in
                if state.closeSent || state.closed != nil { return .dropped }
                if state.inbox.count < limit {
                    state.inbox.append(message)
                    defer { state.receiver = nil }
                    return .delivered(state.receiver)
                }
                return .full(startTimer: state.queueDeadline == nil)
            }
            switch step {
            case .delivered(let receiver):
                receiver?.resume()
                return
            case .dropped:
                return
            case .full(let startTimer):
                if startTimer { self.startQueueTimer() }
                await withCheckedContinuation { continuation in
                    let moved = self.state.withLock { state in
                        if state.inbox.count < limit || state.closeSent || state.closed != nil { return true }
                        state.reader = continuation
                        return false
                    }
                    if moved { continuation.resume() }
                }
            }
        }
    }

    private func startQueueTimer() {
        let timeout = self.options.queueTimeout
        let overflow: @Sendable () -> Void = {
            Task {
                await self.fail(.policyViolation, reason: .queueOverflow, message: "The application did not read its messages")
            }
        }
        if timeout == .zero {
            overflow()
            return
        }
        self.state.withLock { state in
            state.queueDeadline = self.channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) { overflow() }
        }
    }

    /// Reads and drops the client's bytes until it closes the connection (after the server
    /// closed it, or failed the WebSocket and stopped sending).
    private func drain() async {
        _ = try? await self.reader.next { (buffer: inout ByteBuffer) -> Never? in
            buffer.moveReaderIndex(to: buffer.writerIndex)
            return nil
        }
    }
}
