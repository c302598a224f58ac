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
/// takes over: it answers pings and closes and queues messages (at most `maxQueue`; while the
/// queue is full it stops reading, and when it stays full, 1008). It hands the socket back
/// once the application calls `receive` again.
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
            guard let output = try await frames.next(from: self.reader) else {
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

    /// The background reader: parked until the sweep finds the application away from
    /// `receive` (or the application is done), then reading until the application comes back.
    /// After the application returned, it reads to the end of the connection: the client's
    /// close frame after the server's, or its end of stream after a failure.
    func readInBackground() async {
        while let frames = await self.waitForTurn() {
            var mine = true
            while mine {
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
                mine = self.state.withLock { state in
                    guard state.returnSocket && !state.finishing else { return true }
                    state.returnSocket = false
                    return false
                }
            }
            self.releaseSocket(ended: false)
        }
    }

    /// Waits until the background reader should read, and takes the socket; `nil` when it has
    /// nothing more to do.
    private func waitForTurn() async -> WebSocketFrameReading? {
        while true {
            enum Turn { case read(WebSocketFrameReading), drain, exit, wait }
            let turn = self.state.withLock { state -> Turn in
                guard state.phase != .refused else { return .exit }
                guard !state.reading, let frames = state.frames else { return state.finishing && state.frames == nil ? .exit : .wait }
                if state.readingDone { return state.finishing ? .drain : .wait }
                guard state.finishing || state.backgroundWanted else { return .wait }
                state.backgroundWanted = false
                state.returnSocket = false
                state.reading = true
                return .read(frames)
            }
            switch turn {
            case .read(let frames): return frames
            case .exit: return nil
            case .drain:
                await self.drain()
                return nil
            case .wait:
                await withCheckedContinuation { continuation in
                    let now = self.state.withLock { state in
                        let ready = state.phase == .refused || ((state.finishing || state.backgroundWanted) && !state.reading)
                        if !ready { state.background = continuation }
                        return ready
                    }
                    if now { continuation.resume() }
                }
            }
        }
    }

    /// Gives the socket back (to a `receive` waiting for it, or to nobody).
    func releaseSocket(ended: Bool) {
        let waiters = self.state.withLock { state in
            state.reading = false
            if ended { state.readingDone = true }
            defer { (state.receiver, state.background) = (nil, nil) }
            return [state.receiver, state.background].compactMap { $0 }
        }
        for waiter in waiters { waiter.resume() }
    }

    /// The server's sweep: when the application has not called `receive` since the last pass
    /// and is not in it, the background reader takes the socket.
    func sweep() {
        let background = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
            let away = !state.receiving && state.receiveCount == state.sweptReceiveCount
            state.sweptReceiveCount = state.receiveCount
            guard away, state.phase == .open, !state.reading, !state.readingDone, state.closed == nil else { return nil }
            state.backgroundWanted = true
            defer { state.background = nil }
            return state.background
        }
        background?.resume()
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
    func next(from reader: ConnectionReader) async throws -> WebSocketMessageAssembler.Output? {
        while let event = try await reader.next({ try self.parser.next(from: &$0) }) {
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
