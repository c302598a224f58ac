import NIOCore
import NIOWebSocket
import PAGI

/// The reading side of an open WebSocket: frames to messages, pings answered, the client's
/// close handled, protocol errors failed with their close code.
///
/// One reader at a time holds the socket (`State.reading`). While the application waits in
/// `receive`, it reads the socket itself: a message goes from the socket to the application
/// without passing between tasks. When the application stays away from `receive` (the
/// server's sweep finds no call since its last pass, a second at most), a background reader
/// task takes over: it answers pings and closes and queues messages (at most `maxQueue`; while
/// the queue is full it stops reading, and when it stays full, 1008). It hands the socket back
/// and ends once the application calls `receive` again. An application that waits in
/// `receive` (an idle WebSocket) thus costs one task, not two.
extension WebSocketSession {
    /// What one reading step found.
    enum ReadStep {
        case message(WebSocketMessage)
        /// A control frame, answered or noted.
        case handled
        /// The reading side is over: the client's close, a protocol error, or the connection's end.
        case ended
    }

    /// Reads until the next message or control frame, for whoever holds the socket.
    func readStep(_ frames: WebSocketFrameReading) async -> ReadStep {
        do {
            guard let output = try await frames.next(from: self.transport) else {
                self.end(.clientClosed)
                return .ended
            }
            switch output {
            case .message(let message):
                return .message(message)
            case .ping(let payload):
                await self.writeFrames([.byteBuffer(WebSocketFrameWriter.frame(opcode: .pong, payload: payload))])
                return .handled
            case .pong:
                self.pongReceived()
                return .handled
            case .close(let code, let reason):
                await self.peerClosed(code: code, reason: reason)
                return .ended
            }
        } catch let error as WebSocketProtocolError {
            await self.fail(error.code, reason: .protocolError, message: error.reason)
            return .ended
        } catch {
            self.end(.clientClosed)
            return .ended
        }
    }

    /// The background reader, started by the sweep with the socket already taken: reads until
    /// the application comes back to `receive`, then hands the socket back and ends. Once the
    /// application has returned, it reads to the end of the connection instead.
    func readInBackground(_ frames: WebSocketFrameReading) async {
        while true {
            switch await self.readStep(frames) {
            case .message(let message):
                await self.deliver(message)
            case .handled:
                break
            case .ended:
                self.releaseSocket(ended: true)
                await self.drain()
                return
            }
            let handBack = self.state.withLock { state in
                guard state.returnSocket && !state.finishing else { return false }
                state.returnSocket = false
                return true
            }
            if handBack {
                self.releaseSocket(ended: false)
                return
            }
        }
    }

    /// After the application returned: reads to the end of the connection (the client's close
    /// frame after the server's, or its end of stream after a failure), unless the background
    /// reader is doing so. Messages are dropped.
    func readToEnd() async {
        while true {
            enum Next { case wait(Task<Void, Never>), read(WebSocketFrameReading), drain, done }
            let next = self.state.withLock { state -> Next in
                if let task = state.backgroundTask { return .wait(task) }
                guard state.phase == .open else { return .done }
                if state.reading { return .done }  // A receive the application left running reads on.
                guard !state.readingDone, let frames = state.frames else { return .drain }
                state.reading = true
                return .read(frames)
            }
            switch next {
            case .wait(let task):
                await task.value  // It reads to the end, or handed the socket back just before: look again.
            case .read(let frames):
                while true {
                    if case .ended = await self.readStep(frames) { break }
                }
                self.releaseSocket(ended: true)
            case .drain:
                await self.drain()
                return
            case .done:
                return
            }
        }
    }

    /// Gives the socket back (to a `receive` waiting for it, or to nobody).
    func releaseSocket(ended: Bool) {
        let receiver = self.state.withLock { state in
            state.reading = false
            state.backgroundTask = nil
            if ended { state.readingDone = true }
            defer { state.receiver = nil }
            return state.receiver
        }
        receiver?.resume()
    }

    /// The server's sweep: when the application has not called `receive` since the last pass
    /// and is not in it, a background reader takes the socket.
    package func sweep() {
        self.state.withLock { state in
            let away = !state.receiving && state.receiveCount == state.sweptReceiveCount
            state.sweptReceiveCount = state.receiveCount
            guard away, state.phase == .open, !state.finishing, !state.reading, !state.readingDone, state.closed == nil,
                let frames = state.frames
            else { return }
            state.reading = true
            state.returnSocket = false
            state.backgroundTask = Task { await self.readInBackground(frames) }
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
            state.queueDeadline = self.transport.eventLoop.scheduleTask(in: TimeAmount(timeout)) { overflow() }
        }
    }

    /// Reads and drops the client's bytes until it closes the connection (after the server
    /// closed it, or failed the WebSocket and stopped sending).
    private func drain() async {
        _ = try? await self.transport.read { (buffer: inout ByteBuffer) -> Never? in
            buffer.moveReaderIndex(to: buffer.writerIndex)
            return nil
        }
    }
}

/// The frame-reading state of one WebSocket: parser, permessage-deflate inflation, message
/// assembly. `@unchecked Sendable`: only the holder of the socket (`State.reading`) uses it.
final class WebSocketFrameReading: @unchecked Sendable {
    private var parser: WebSocketFrameParser
    private var inflation: WebSocketInflation?
    private var assembler: WebSocketMessageAssembler

    init(maxMessageSize: Int, inflation: WebSocketInflation?) {
        self.parser = WebSocketFrameParser(maxFrameSize: maxMessageSize, allowRSV1: inflation != nil)
        self.inflation = inflation
        self.assembler = WebSocketMessageAssembler(maxMessageSize: maxMessageSize)
    }

    /// The next message or control frame from the connection; `nil` at its end.
    func next(from transport: any WebSocketTransport) async throws -> WebSocketMessageAssembler.Output? {
        while let event = try await transport.read({ try self.parser.next(from: &$0) }) {
            let output: WebSocketMessageAssembler.Output?
            if self.inflation != nil {
                output = try self.inflation!.transform(event).reduce(nil) { _, event in try self.assembler.consume(event) }
            } else {
                output = try self.assembler.consume(event)
            }
            if let output { return output }
        }
        return nil
    }
}
