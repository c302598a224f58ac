import NIOCore

/// Reads the negotiated cipher suite off the server's first TLS record, its ServerHello
/// (sent in the clear in every TLS version), then leaves the pipeline. NIOSSL has no API for
/// the negotiated suite; the ServerHello's layout is fixed by RFC 5246 §7.4.1.3 and RFC 8446
/// §4.1.3 (a TLS 1.3 HelloRetryRequest has the same layout and the same suite).
final class ServerHelloReader: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let observer: HandshakeObserver
    private var read = false

    init(observer: HandshakeObserver) {
        self.observer = observer
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if !self.read {
            self.read = true
            self.observer.cipherSuite = Self.cipherSuite(inServerHello: self.unwrapOutboundIn(data))
        }
        context.write(data, promise: promise)
    }

    func flush(context: ChannelHandlerContext) {
        context.flush()
        if self.read { context.pipeline.syncOperations.removeHandler(context: context, promise: nil) }
    }

    /// The cipher suite of the ServerHello at the start of `record`; `nil` when `record`
    /// does not start with one.
    static func cipherSuite(inServerHello record: ByteBuffer) -> UInt16? {
        var bytes = record
        // TLSPlaintext: type 22 (handshake), legacy version, length.
        guard bytes.readInteger(as: UInt8.self) == 22, bytes.readSlice(length: 4) != nil else { return nil }
        // Handshake: type 2 (server_hello), 24-bit length; legacy_version, 32 random bytes.
        guard bytes.readInteger(as: UInt8.self) == 2, bytes.readSlice(length: 3 + 2 + 32) != nil else { return nil }
        guard let sessionIDLength = bytes.readInteger(as: UInt8.self), bytes.readSlice(length: Int(sessionIDLength)) != nil else {
            return nil
        }
        return bytes.readInteger(as: UInt16.self)
    }
}
