import NIOCore
import NIOPosix
@testable import PAGIServer
import Synchronization
import Testing

/// The pipe between a connection's channel and its task, over a real loopback socket: bytes in
/// order and none lost at the end, reading held back while the task does not take them,
/// writes waiting while the socket is full, and waits that end on cancellation or close.
@Suite struct ConnectionPipeTests {
    /// A listener whose first connection's pipe is `pipe`, and the client of that connection.
    struct Connected {
        let listener: any Channel
        let client: any Channel
        let pipe: ConnectionPipe

        /// `clientReads: false` leaves the client's socket unread, so the server's fills up.
        static func make(clientReads: Bool = true) async throws -> Connected {
            let (pipes, delivered) = AsyncStream.makeStream(of: ConnectionPipe.self)
            let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture { delivered.yield(try ConnectionPipe(wrappingSynchronously: channel)) }
                }
                .bind(host: "127.0.0.1", port: 0).get()
            let client = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelOption(.autoRead, value: clientReads)
                .connect(host: "127.0.0.1", port: listener.localAddress!.port!).get()
            var iterator = pipes.makeAsyncIterator()
            return Connected(listener: listener, client: client, pipe: await iterator.next()!)
        }

        func send(_ bytes: [UInt8]) async throws {
            try await self.client.writeAndFlush(ByteBuffer(bytes: bytes)).get()
        }

        /// Closes the connection in two seconds: a wait the pipe should have ended by then
        /// ends anyway, and the test's expectation fails instead of hanging.
        func closeLater() {
            let channel = self.pipe.channel
            Task {
                try? await Task.sleep(for: .seconds(2))
                channel.close(promise: nil)
            }
        }

        func closeAll() async {
            try? await self.client.close()
            await self.pipe.close()
            try? await self.listener.close()
        }
    }

    /// Everything the pipe hands over until the end of the stream.
    static func readToEnd(_ pipe: ConnectionPipe) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        while let piece = try await pipe.read() {
            #expect(piece.readableBytes > 0)
            bytes += piece.readableBytesView
        }
        return bytes
    }

    @Test func bytesArriveInOrderAndTheEndIsNil() async throws {
        let connected = try await Connected.make()
        try await connected.send(Array("GET / HTTP/1.1\r\n".utf8))
        var first = try #require(try await connected.pipe.read())
        #expect(first.readString(length: first.readableBytes)!.hasPrefix("GET"))
        // Bytes sent just before the client closes still arrive, before the end.
        try await connected.send(Array("last words".utf8))
        try await connected.client.close()
        #expect(String(decoding: try await Self.readToEnd(connected.pipe), as: UTF8.self) == "last words")
        #expect(try await connected.pipe.read() == nil)
        await connected.closeAll()
    }

    @Test func readingStopsWhileTheTaskTakesNothingAndResumesIntact() async throws {
        let connected = try await Connected.make()
        let total = 8 << 20
        let pattern = (0..<total).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 13) }
        let sending = Task { try await connected.send(pattern) }
        // The client keeps sending; the pipe stops reading near its limit (one read burst
        // over it at most) instead of taking all 8 MiB into memory.
        var held = 0
        for _ in 0..<50 {
            try await Task.sleep(for: .milliseconds(20))
            held = connected.pipe.waitingByteCount
            if held >= ConnectionPipe.readLimit { break }
        }
        try await Task.sleep(for: .milliseconds(200))
        #expect(held >= ConnectionPipe.readLimit)
        #expect(connected.pipe.waitingByteCount <= ConnectionPipe.readLimit + (1 << 18))
        var received: [UInt8] = []
        received.reserveCapacity(total)
        while received.count < total, let piece = try await connected.pipe.read() {
            received += piece.readableBytesView
        }
        #expect(received.count == total)
        #expect(received == pattern)
        try await sending.value
        await connected.closeAll()
    }

    @Test func aWriteWaitsWhileTheSocketIsFullAndFailsWhenTheConnectionCloses() async throws {
        let connected = try await Connected.make(clientReads: false)
        let chunk = IOData.byteBuffer(ByteBuffer(repeating: 0x61, count: 1 << 20))
        let written = Atomic(0)
        let writer = Task {
            for _ in 0..<256 {
                try await connected.pipe.write(contentsOf: [chunk])
                written.add(1, ordering: .relaxed)
            }
        }
        // The writes stop once the socket buffers are full: far fewer than 256 MiB went.
        var previous = -1
        for _ in 0..<40 {
            try await Task.sleep(for: .milliseconds(50))
            let now = written.load(ordering: .relaxed)
            if now == previous { break }
            previous = now
        }
        let stalled = written.load(ordering: .relaxed)
        #expect(stalled < 64)
        try await Task.sleep(for: .milliseconds(100))
        #expect(written.load(ordering: .relaxed) == stalled)
        // Closing the connection ends the waiting write with an error.
        try await connected.client.close()
        connected.pipe.channel.close(promise: nil)
        let outcome = await writer.result
        #expect(throws: (any Error).self) { try outcome.get() }
        await #expect(throws: ChannelError.self) { try await connected.pipe.write(chunk) }
        await connected.closeAll()
    }

    @Test func aWaitingReadEndsWhenItsTaskIsCancelledAndThePipeReadsOn() async throws {
        let connected = try await Connected.make()
        let reading = Task { try await connected.pipe.read() }
        try await Task.sleep(for: .milliseconds(50))
        reading.cancel()
        await #expect(throws: CancellationError.self) { try await reading.value }
        try await connected.send(Array("still here".utf8))
        var piece = try #require(try await connected.pipe.read())
        #expect(piece.readString(length: piece.readableBytes) == "still here")
        await connected.closeAll()
    }

    @Test func aWaitingWriteEndsWhenItsTaskIsCancelled() async throws {
        let connected = try await Connected.make(clientReads: false)
        let chunk = IOData.byteBuffer(ByteBuffer(repeating: 0x61, count: 1 << 20))
        let writer = Task {
            for _ in 0..<256 { try await connected.pipe.write(contentsOf: [chunk]) }
        }
        // Far less than 256 MiB fits in the socket buffers: the writer is waiting by then.
        try await Task.sleep(for: .milliseconds(300))
        connected.closeLater()  // A cancellation that did not end the write fails the test.
        writer.cancel()
        await #expect(throws: CancellationError.self) { try await writer.value }
        await connected.closeAll()
    }

    struct Broken: Error {}

    @Test func theChannelsErrorComesAfterTheBytesBeforeIt() async throws {
        let connected = try await Connected.make()
        try await connected.send(Array("before".utf8))
        for _ in 0..<200 where connected.pipe.waitingByteCount < 6 { try await Task.sleep(for: .milliseconds(5)) }
        connected.closeLater()
        connected.pipe.channel.pipeline.fireErrorCaught(Broken())
        var piece = try #require(try await connected.pipe.read())
        #expect(piece.readString(length: piece.readableBytes) == "before")
        await #expect(throws: Broken.self) { try await connected.pipe.read() }
        await connected.closeAll()
    }

    @Test func waitUntilWrittenCompletesAfterTheWritesBeforeIt() async throws {
        let connected = try await Connected.make()
        try await connected.pipe.write(contentsOf: [.byteBuffer(ByteBuffer(string: "one")), .byteBuffer(ByteBuffer(string: "two"))])
        try await connected.pipe.waitUntilWritten()
        await connected.pipe.close()
        await #expect(throws: (any Error).self) { try await connected.pipe.waitUntilWritten() }
        #expect(try await connected.pipe.read() == nil)
        await connected.closeAll()
    }
}
