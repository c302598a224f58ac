import NIOCore

/// Holds a new connection's first bytes back until the server has chosen the protocol the
/// connection speaks, then hands them on to the handlers of that protocol (added behind it
/// meanwhile) as it leaves the pipeline.
///
/// In cleartext it also makes the choice: a connection that opens with the HTTP/2 preface
/// speaks HTTP/2 (prior knowledge), any other speaks HTTP/1. Over TLS the handshake chooses
/// (ALPN) and the hold only keeps the bytes that arrive meanwhile. It stops reading once it
/// holds ``maximumHeldBytes``, so a client cannot fill the server's memory meanwhile.
final class ProtocolHold: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = Any
    typealias OutboundOut = Any

    /// The first bytes of every HTTP/2 connection (RFC 9113 §3.4).
    static let preface: [UInt8] = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)
    static let maximumHeldBytes = 65_536

    private var held: ByteBuffer?
    private var readPending = false
    /// Completed with whether the connection opens with the preface; `nil` over TLS.
    private let decision: EventLoopPromise<Bool>?
    private var decided = false

    /// A hold that decides from the preface (cleartext) when `decision` is given.
    init(decision: EventLoopPromise<Bool>?) {
        self.decision = decision
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = Self.unwrapInboundIn(data)
        if self.held == nil {
            self.held = bytes
        } else {
            self.held!.writeBuffer(&bytes)
        }
        self.decideIfPossible()
    }

    func read(context: ChannelHandlerContext) {
        if (self.held?.readableBytes ?? 0) >= Self.maximumHeldBytes {
            self.readPending = true
        } else {
            context.read()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.fail(ChannelError.eof)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.fail(error)
        context.fireErrorCaught(error)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.fail(ChannelError.ioOnClosedChannel)
    }

    func removeHandler(context: ChannelHandlerContext, removalToken: ChannelHandlerContext.RemovalToken) {
        if let held = self.held.take(), held.readableBytes > 0 {
            context.fireChannelRead(Self.wrapInboundOut(held))
            context.fireChannelReadComplete()
        }
        if self.readPending { context.read() }
        context.leavePipeline(removalToken: removalToken)
    }

    private func decideIfPossible() {
        guard let decision = self.decision, !self.decided, let held = self.held else { return }
        let count = min(held.readableBytes, Self.preface.count)
        let matches = held.readableBytesView.prefix(count).elementsEqual(Self.preface.prefix(count))
        if !matches {
            self.decided = true
            decision.succeed(false)
        } else if count == Self.preface.count {
            self.decided = true
            decision.succeed(true)
        }
    }

    private func fail(_ error: any Error) {
        guard let decision = self.decision, !self.decided else { return }
        self.decided = true
        decision.fail(error)
    }
}
