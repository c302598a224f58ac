import NIOCore
import NIOSSL
import NIOTLS
import PAGI
import PAGIServer

/// Waits for one connection's handshake, right behind BoringSSL's handler: at its end it
/// reads what the `tls` extension shows (once per connection) and leaves the pipeline; if
/// the handshake fails, the connection closes first, or the timeout passes (then it closes
/// the connection), the server is told so instead.
final class HandshakeObserver: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// The handshake timed out.
    struct Timeout: Error, CustomStringConvertible {
        var description: String { "the TLS handshake took too long" }
    }

    /// The connection closed before its handshake completed.
    struct Closed: Error, CustomStringConvertible {
        var description: String { "the connection closed during the TLS handshake" }
    }

    private let tls: NIOSSLServerHandler
    private let serverCertificate: String?
    private let timeout: TimeAmount?
    private let promise: EventLoopPromise<SecuredConnection>
    private var deadline: Scheduled<Void>?
    private var done = false
    /// The negotiated cipher suite, as ``ServerHelloReader`` read it off the wire.
    var cipherSuite: UInt16?

    init(tls: NIOSSLServerHandler, serverCertificate: String?, timeout: TimeAmount?, promise: EventLoopPromise<SecuredConnection>) {
        self.tls = tls
        self.serverCertificate = serverCertificate
        self.timeout = timeout
        self.promise = promise
    }

    /// Completes with the secured connection, or fails.
    var result: EventLoopFuture<SecuredConnection> { self.promise.futureResult }

    func handlerAdded(context: ChannelHandlerContext) {
        guard let timeout = self.timeout else { return }
        let channel = context.channel
        self.deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            self.finish(.failure(Timeout()))
            channel.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.finish(.failure(Closed()))
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted(let applicationProtocol) = event, !self.done {
            self.finish(.success(SecuredConnection(tls: self.info(), applicationProtocol: applicationProtocol)))
            context.fireUserInboundEventTriggered(event)
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.finish(.failure(error))
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.finish(.failure(Closed()))
        context.fireChannelInactive()
    }

    private func finish(_ result: Result<SecuredConnection, any Error>) {
        guard !self.done else { return }
        self.done = true
        self.deadline?.cancel()
        self.promise.completeWith(result)
    }

    /// The `tls` extension of this connection's scopes. The client's chain holds its own
    /// certificate only: NIOSSL shows no other certificate the client sent, unless it takes
    /// over BoringSSL's verification.
    private func info() -> TLSInfo {
        let client = self.tls.peerCertificate
        return TLSInfo(
            serverCert: self.serverCertificate,
            clientCertChain: client.flatMap(CertificateText.pem).map { [$0] } ?? [],
            clientCertName: client.flatMap(CertificateText.subject),
            clientCertError: nil,
            tlsVersion: self.tls.tlsVersion.map(Self.wireValue),
            cipherSuite: self.cipherSuite
        )
    }

    /// The version as TLS writes it (`0x0303` for TLS 1.2).
    static func wireValue(_ version: TLSVersion) -> UInt16 {
        switch version {
        case .tlsv1: return 0x0301
        case .tlsv11: return 0x0302
        case .tlsv12: return 0x0303
        case .tlsv13: return 0x0304
        }
    }
}
