import NIOCore
import Synchronization

/// The bytes of one HTTP/1 connection between its channel and its task: what arrives is handed
/// to the task in one piece per call (everything read since the last one), what the task writes
/// reaches the channel in one hop to the event loop and one flush, and both ways have
/// backpressure: the socket is not read while ``readLimit`` bytes wait for the task, and a write
/// waits while the channel is not writable or more than ``writeLimit`` bytes wait for the event
/// loop (the writer runs on another thread: without the second rule it could queue any amount
/// before the event loop sees the first write).
///
/// It stands where `NIOAsyncChannel` stood. That type's sequence and writer are generic, and
/// the server's calls into them were not specialized: every request paid for type-metadata
/// lookups, about 7% of the server's time (docs/performance.md). This type is not generic and
/// does what the connection's ``ConnectionReader`` needs and no more.
///
/// One task reads at a time (the reader's gate ensures it); any number may write.
final class ConnectionPipe: Sendable {
    /// How many received bytes may wait for the task before the pipe stops reading the socket
    /// (the kernel's receive buffer then holds the rest, and the client's window closes).
    static let readLimit = 65_536
    /// How many written bytes may wait for the event loop before a write waits for them. Room
    /// for a few chunks of a streamed body: at 64 KiB, each 64 KiB chunk waited for the event
    /// loop before the next was made, and 1 MiB responses to 256 clients were 14% slower
    /// (docs/performance.md).
    static let writeLimit = 262_144

    let channel: any Channel
    private let eventLoop: any EventLoop
    private let handler = Handler()
    private let state = Mutex(State())

    /// Adds the pipe's handler to the end of `channel`'s pipeline; call on its event loop.
    init(wrappingSynchronously channel: any Channel) throws {
        self.channel = channel
        self.eventLoop = channel.eventLoop
        try channel.pipeline.syncOperations.addHandler(self.handler)
        // Only now: a pipe whose handler did not join is not kept alive by it.
        self.handler.pipe = self
    }

    // MARK: - Reading

    /// The bytes that arrived since the last call (never empty), waiting for some when none
    /// did; `nil` once the client closed the connection, or it closed. Throws the channel's
    /// error when it failed, and `CancellationError` when the task is cancelled while waiting.
    func read() async throws -> ByteBuffer? {
        if let taken = self.state.withLock({ $0.take() }) { return try self.complete(taken) }
        let taken: Taken = try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { continuation in
                let taken = self.state.withLock { state -> Taken? in
                    if let taken = state.take() { return taken }
                    precondition(state.reader == nil, "one read at a time")
                    if Task.isCancelled { return .failed(CancellationError()) }
                    state.reader = continuation
                    return nil
                }
                if let taken { continuation.resume(returning: taken) }
            }
        } onCancel: {
            self.state.withLock { $0.reader.take() }?.resume(throwing: CancellationError())
        }
        return try self.complete(taken)
    }

    /// How many received bytes wait for the task.
    var waitingByteCount: Int { self.state.withLock { $0.received?.readableBytes ?? 0 } }

    private func complete(_ taken: Taken) throws -> ByteBuffer? {
        switch taken {
        case .bytes(let bytes, let resumeReading):
            if resumeReading {
                let handler = self.handler
                self.eventLoop.execute { handler.resumeReading() }
            }
            return bytes
        case .end:
            return nil
        case .failed(let error):
            throw error
        }
    }

    // MARK: - Writing

    /// Writes `part` and flushes; see ``write(contentsOf:)``.
    func write(_ part: IOData) async throws {
        try await self.write(contentsOf: [part])
    }

    /// Writes `parts` in order with one flush, then waits while the channel is not writable
    /// or too much waits for the event loop (so that a fast writer cannot fill the server's
    /// memory). Throws when the connection is closed, and `CancellationError` when the task is
    /// cancelled while it waits.
    func write(contentsOf parts: [IOData]) async throws {
        var count = 0
        for part in parts { count += part.readableBytes }
        let mustWait = try self.state.withLock { state in
            if state.closed { throw ChannelError.ioOnClosedChannel }
            state.queuedBytes += count
            return !state.mayWrite
        }
        let handler = self.handler
        self.eventLoop.execute { handler.write(parts, byteCount: count, promise: nil) }
        if mustWait { try await self.waitUntilWritable() }
    }

    /// Waits until the socket has taken everything written before the call (an empty write
    /// after them completes only then: writes reach the channel in order).
    func waitUntilWritten() async throws {
        let promise = self.eventLoop.makePromise(of: Void.self)
        let handler = self.handler
        self.eventLoop.execute { handler.write([.byteBuffer(ByteBuffer())], byteCount: 0, promise: promise) }
        try await promise.futureResult.get()
    }

    private func waitUntilWritable() async throws {
        let id = self.state.withLock { state in
            defer { state.nextWriterID += 1 }
            return state.nextWriterID
        }
        try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Void, any Error>) in
                let outcome = self.state.withLock { state -> Result<Void, any Error>? in
                    if state.closed { return .failure(ChannelError.ioOnClosedChannel) }
                    if state.mayWrite { return .success(()) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.writers.append((id, continuation))
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let writer = self.state.withLock { state in
                state.writers.firstIndex { $0.id == id }.map { state.writers.remove(at: $0).continuation }
            }
            writer?.resume(throwing: CancellationError())
        }
    }

    // MARK: - Closing

    /// Closes the connection and waits until it is closed.
    func close() async {
        self.channel.close(promise: nil)
        try? await self.channel.closeFuture.get()
    }

    // MARK: - The event loop's side

    /// Called on the event loop with what a read burst brought.
    fileprivate func received(_ bytes: ByteBuffer) {
        let reader = self.state.withLock { state -> UnsafeContinuation<Taken, any Error>? in
            if let reader = state.reader.take() { return reader }
            if state.received == nil {
                state.received = bytes
            } else {
                var bytes = bytes
                state.received!.writeBuffer(&bytes)
            }
            return nil
        }
        reader?.resume(returning: .bytes(bytes, resumeReading: false))
    }

    /// Called on the event loop before the channel reads; `false` holds the read back until
    /// the task has taken the bytes waiting.
    fileprivate func mayRead() -> Bool {
        self.state.withLock { state in
            guard (state.received?.readableBytes ?? 0) >= Self.readLimit else { return true }
            state.readHeld = true
            return false
        }
    }

    /// Called on the event loop when no more bytes will arrive (`error` when the channel
    /// failed) or, with `closed`, when nothing more can be written either.
    fileprivate func ended(_ error: (any Error)?, closed: Bool) {
        let (reader, writers) = self.state.withLock { state in
            if state.end == nil { state.end = error.map { .failure($0) } ?? .success(()) }
            if closed { state.closed = true }
            let writers = closed ? state.writers : []
            if closed { state.writers = [] }
            return (state.reader.take(), writers)
        }
        if let reader {
            if let error { reader.resume(throwing: error) } else { reader.resume(returning: .end) }
        }
        for writer in writers { writer.continuation.resume(throwing: ChannelError.ioOnClosedChannel) }
    }

    /// Called on the event loop when the channel's writability changed.
    fileprivate func writabilityChanged(to writable: Bool) {
        let writers = self.state.withLock { state in
            state.writable = writable
            return state.releaseWriters()
        }
        for writer in writers { writer.continuation.resume() }
    }

    /// Called on the event loop once it handed `byteCount` written bytes to the channel.
    fileprivate func handedOver(_ byteCount: Int) {
        let writers = self.state.withLock { state in
            state.queuedBytes -= byteCount
            return state.releaseWriters()
        }
        for writer in writers { writer.continuation.resume() }
    }
}

extension ConnectionPipe {
    /// What a read takes from the pipe.
    fileprivate enum Taken: Sendable {
        /// Bytes; `resumeReading` when the socket was held back and may now be read again.
        case bytes(ByteBuffer, resumeReading: Bool)
        case end
        case failed(any Error)
    }

    /// A write waiting for the channel to become writable.
    private typealias Writer = (id: Int, continuation: UnsafeContinuation<Void, any Error>)

    private struct State {
        /// Bytes that arrived and wait for the task.
        var received: ByteBuffer?
        /// Set once no more bytes will arrive: success at the end of the stream, or the
        /// channel's error.
        var end: Result<Void, any Error>?
        var reader: UnsafeContinuation<Taken, any Error>?
        /// Whether the channel's read is held back until the task takes the bytes waiting.
        var readHeld = false
        var writable = true
        /// Bytes written by the task that the event loop has not handed to the channel yet.
        var queuedBytes = 0
        /// Whether the channel is closed (a write then fails).
        var closed = false
        var writers: [Writer] = []
        var nextWriterID = 0

        /// Whether a write may go on without waiting.
        var mayWrite: Bool { self.writable && self.queuedBytes <= ConnectionPipe.writeLimit }

        /// The writers that may go on now, no longer waiting.
        mutating func releaseWriters() -> [Writer] {
            guard self.mayWrite, !self.writers.isEmpty else { return [] }
            defer { self.writers = [] }
            return self.writers
        }

        /// What a read takes now; `nil` when it has to wait.
        mutating func take() -> Taken? {
            if let bytes = self.received.take() {
                defer { self.readHeld = false }
                return .bytes(bytes, resumeReading: self.readHeld)
            }
            switch self.end {
            case nil: return nil
            case .success?: return .end
            case .failure(let error)?: return .failed(error)
            }
        }
    }

    /// The pipe's end of the channel's pipeline. Its state is touched on the event loop only
    /// (hence `@unchecked Sendable`: the pipe hands it to the event loop in closures).
    fileprivate final class Handler: ChannelDuplexHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundIn = IOData
        typealias OutboundOut = IOData

        /// Set once the handler joined the pipeline; let go when it leaves it (the pipe holds
        /// the handler too).
        var pipe: ConnectionPipe?
        private var context: ChannelHandlerContext?
        /// The bytes of the current read burst, handed over together at its end.
        private var burst: ByteBuffer?

        func handlerAdded(context: ChannelHandlerContext) {
            self.context = context
        }

        func handlerRemoved(context: ChannelHandlerContext) {
            self.deliverBurst()
            self.pipe?.ended(nil, closed: true)
            self.pipe = nil
            self.context = nil
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var bytes = Self.unwrapInboundIn(data)
            if self.burst == nil {
                self.burst = bytes
            } else {
                self.burst!.writeBuffer(&bytes)
            }
        }

        func channelReadComplete(context: ChannelHandlerContext) {
            self.deliverBurst()
            context.fireChannelReadComplete()
        }

        func channelInactive(context: ChannelHandlerContext) {
            self.deliverBurst()
            self.pipe?.ended(nil, closed: true)
            context.fireChannelInactive()
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if case ChannelEvent.inputClosed = event {
                self.deliverBurst()
                self.pipe?.ended(nil, closed: false)
            }
            context.fireUserInboundEventTriggered(event)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            self.deliverBurst()
            self.pipe?.ended(error, closed: false)
            context.fireErrorCaught(error)
        }

        func channelWritabilityChanged(context: ChannelHandlerContext) {
            self.pipe?.writabilityChanged(to: context.channel.isWritable)
            context.fireChannelWritabilityChanged()
        }

        func read(context: ChannelHandlerContext) {
            if self.pipe?.mayRead() ?? true { context.read() }
        }

        /// Reads again after the pipe held a read back.
        func resumeReading() {
            self.context?.read()
        }

        func write(_ parts: [IOData], byteCount: Int, promise: EventLoopPromise<Void>?) {
            if let context = self.context {
                for index in parts.indices {
                    context.write(Self.wrapOutboundOut(parts[index]), promise: index == parts.count - 1 ? promise : nil)
                }
                context.flush()
            } else {
                promise?.fail(ChannelError.ioOnClosedChannel)
            }
            if byteCount > 0 { self.pipe?.handedOver(byteCount) }
        }

        private func deliverBurst() {
            if let bytes = self.burst.take() { self.pipe?.received(bytes) }
        }
    }
}
