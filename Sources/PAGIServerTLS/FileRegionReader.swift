import NIOCore
import NIOPosix
import PAGIServer

/// Turns the file regions the server writes for file bodies (which a plain socket sends with
/// `sendfile`) into buffers that TLS can encrypt: the file is read in 64 KiB pieces on a
/// thread pool, each written once the previous one is, and the writes made meanwhile wait
/// behind it, in order. Buffers pass straight through.
final class FileRegionReader: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = IOData
    typealias OutboundOut = ByteBuffer

    static let pieceSize = 64 * 1024

    private let threadPool: NIOThreadPool
    /// Writes made while a file is being read, with their promises.
    private var waiting = CircularBuffer<(IOData, EventLoopPromise<Void>?)>()
    private var reading = false
    private var flushWaiting = false

    init(threadPool: NIOThreadPool) {
        self.threadPool = threadPool
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        self.write(self.unwrapOutboundIn(data), context: context, promise: promise)
    }

    private func write(_ data: IOData, context: ChannelHandlerContext, promise: EventLoopPromise<Void>?) {
        if self.reading {
            self.waiting.append((data, promise))
            return
        }
        switch data {
        case .byteBuffer(let buffer):
            context.write(self.wrapOutboundOut(buffer), promise: promise)
        case .fileRegion(let region):
            self.reading = true
            self.send(region, from: region.readerIndex, context: context, promise: promise)
        }
    }

    func flush(context: ChannelHandlerContext) {
        if self.reading {
            self.flushWaiting = true
        } else {
            context.flush()
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        while let (_, promise) = self.waiting.popFirst() {
            promise?.fail(ChannelError.ioOnClosedChannel)
        }
    }

    /// Sends `region` from `offset`, one piece at a time, then what waited behind it.
    private func send(_ region: FileRegion, from offset: Int, context: ChannelHandlerContext, promise: EventLoopPromise<Void>?) {
        guard offset < region.endIndex else {
            promise?.succeed()
            self.finishFile(context: context)
            return
        }
        let length = min(Self.pieceSize, region.endIndex - offset)
        let handle = region.fileHandle
        self.threadPool.runIfActive(eventLoop: context.eventLoop) {
            try handle.readChunk(at: offset, length: length)
        }
        .assumeIsolated()
        .flatMap { piece in
            let count = piece.readableBytes
            return context.writeAndFlush(self.wrapOutboundOut(piece)).map { count }
        }
        .whenComplete { result in
            switch result {
            case .success(let sent):
                self.send(region, from: offset + sent, context: context, promise: promise)
            case .failure(let error):
                // The response cannot be completed: the connection goes.
                promise?.fail(error)
                self.finishFile(context: context)
                context.close(promise: nil)
            }
        }
    }

    /// Passes on the writes that waited for the file, up to the next file.
    private func finishFile(context: ChannelHandlerContext) {
        self.reading = false
        while !self.reading, let (data, promise) = self.waiting.popFirst() {
            self.write(data, context: context, promise: promise)
        }
        if !self.reading && self.flushWaiting {
            self.flushWaiting = false
            context.flush()
        }
    }
}
