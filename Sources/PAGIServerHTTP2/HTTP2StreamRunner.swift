import Logging
import NIOCore
import NIOHTTP2
import PAGI
import PAGIServer

/// Serves one stream of an HTTP/2 connection: reads its HEADERS, builds the scope, runs the
/// application through an ``HTTP2StreamExchange``, applies the failure rules, logs it.
struct HTTP2StreamRunner {
    let handoff: HTTP2Handoff
    let streams: HTTP2Streams
    let client: NetworkAddress?
    let server: NetworkAddress?

    func serve(_ stream: HTTP2Connection.StreamChannel) async {
        let context = self.handoff.context
        let configuration = context.configuration
        do {
            try await stream.executeThenClose { inbound, _ in
                var iterator = inbound.makeAsyncIterator()
                guard case .headers(let headers)? = try await iterator.next() else { return }
                let fields = ResponseFields(dateHeader: configuration.dateHeader, serverHeader: configuration.serverHeader)
                let writer = StreamWriter(channel: stream.channel)
                let head: RequestHead
                let scheme: String
                do {
                    (head, scheme) = try RequestHead.http2(headers.headers, maxHeaderCount: configuration.maxHeaderCount)
                } catch let error as HTTP1Error {
                    context.logger.debug("Refused an HTTP/2 request: \(error)")
                    try await Self.refuse(error.status, error.message, fields: fields, writer: writer)
                    return
                }
                if self.handoff.overLimit {
                    context.logger.warning("Over the connection limit (\(configuration.limitConcurrency ?? 0)): answering 503")
                    try await Self.refuse(.serviceUnavailable, nil, headers: ["retry-after": "5"], fields: fields, writer: writer)
                    return
                }
                if case .length(let length) = head.framing, let maxBodySize = configuration.maxBodySize, length > maxBodySize {
                    try await Self.refuse(.contentTooLarge, "The request body is larger than \(maxBodySize) bytes", fields: fields, writer: writer)
                    return
                }
                if head.isWebSocketUpgrade {
                    try await self.serveWebSocket(head, scheme: scheme, inbound: iterator, requestEnded: headers.endStream, writer: writer, fields: fields)
                    return
                }
                let connection = ConnectionState()
                let scope = context.scope(for: head, client: self.client, server: self.server, tls: self.handoff.tls, connection: connection, scheme: scheme)
                let exchange = HTTP2StreamExchange(
                    head: head,
                    scope: scope,
                    connection: connection,
                    inbound: iterator,
                    requestEnded: headers.endStream,
                    writer: writer,
                    fields: fields,
                    logger: context.logger,
                    maxBodySize: configuration.maxBodySize
                )
                self.streams.insert(exchange)
                defer { self.streams.remove(exchange) }
                // A reset (or the connection closing) is seen at once, even while the
                // application only sends.
                stream.channel.closeFuture.whenComplete { _ in
                    if !exchange.state.withLock({ $0.complete }) { exchange.end(.clientClosed) }
                }
                var failure: (any Error)?
                do {
                    try await context.app(scope, { try await exchange.receive() }, { try await exchange.send($0) })
                } catch {
                    failure = error
                }
                await exchange.finish(failure)
                context.accessLog?.log(exchange.accessLogEntry(client: scope.request?.client ?? self.client))
            }
        } catch {
            context.logger.debug("HTTP/2 stream ended: \(error)")
        }
    }

    /// Answers a request the server refuses on its own, without the application.
    static func refuse(
        _ status: HTTPResponse.Status,
        _ message: String?,
        headers: Headers = [:],
        fields: ResponseFields,
        writer: StreamWriter
    ) async throws {
        let (block, body) = fields.errorResponse(status, message: message, headers: headers)
        try await writer.write([.headers(.init(headers: block)), .data(.init(data: .byteBuffer(body), endStream: true))])
    }
}
