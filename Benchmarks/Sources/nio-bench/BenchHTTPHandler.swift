import NIOCore
import NIOHTTP1

/// Answers one request at a time (HTTPServerPipelineHandler holds back pipelined ones).
///
/// `/echo` bodies are gathered in memory; `/stream` writes its chunks only while the channel is
/// writable, and resumes on `channelWritabilityChanged`, so a slow reader applies backpressure.
final class BenchHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private var route = BenchRoute.notFound
    private var version = HTTPVersion.http1_1
    private var keepAlive = true
    private var echoBody: ByteBuffer?
    /// Chunks of the `/stream` response still to write; non-zero only while it is in flight.
    private var streamChunksLeft = 0

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            route = BenchRoute(method: head.method, uri: head.uri)
            version = head.version
            keepAlive = head.isKeepAlive
            echoBody = nil
            // curl, for one, holds back a large body for a second unless told to go ahead.
            if route == .echo, head.headers[canonicalForm: "expect"].contains(where: { $0.lowercased() == "100-continue" }) {
                let interim = HTTPResponseHead(version: head.version, status: .continue)
                context.writeAndFlush(wrapOutboundOut(.head(interim)), promise: nil)
            }
        case .body(var chunk):
            // Bodies of other routes are read and dropped.
            guard route == .echo else { return }
            if echoBody == nil {
                echoBody = chunk
            } else {
                echoBody!.writeBuffer(&chunk)
            }
        case .end:
            respond(context: context)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if streamChunksLeft > 0, context.channel.isWritable {
            writeStreamChunks(context: context)
        }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        streamChunksLeft = 0
        echoBody = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // HTTPServerProtocolErrorHandler has already answered a parse error with a 400.
        context.close(promise: nil)
    }

    // MARK: Responses

    private func respond(context: ChannelHandlerContext) {
        switch route {
        case .plaintext:
            writeComplete(context: context, status: .ok, contentType: BenchResponses.textContentType, body: BenchResponses.plaintext)
        case .json:
            do {
                let body = try BenchResponses.json()
                writeComplete(context: context, status: .ok, contentType: BenchResponses.jsonContentType, body: body)
            } catch {
                writeComplete(context: context, status: .internalServerError, contentType: BenchResponses.textContentType, body: ByteBuffer())
            }
        case .echo:
            let body = echoBody ?? ByteBuffer()
            echoBody = nil
            writeComplete(context: context, status: .ok, contentType: BenchResponses.binaryContentType, body: body)
        case .stream:
            // No Content-Length: NIO's response encoder uses chunked transfer encoding on HTTP/1.1.
            writeHead(context: context, status: .ok, contentType: BenchResponses.binaryContentType, contentLength: nil)
            streamChunksLeft = BenchResponses.streamChunkCount
            writeStreamChunks(context: context)
        case .notFound:
            writeComplete(context: context, status: .notFound, contentType: BenchResponses.textContentType, body: BenchResponses.notFound)
        }
    }

    private func writeComplete(context: ChannelHandlerContext, status: HTTPResponseStatus, contentType: String, body: ByteBuffer) {
        writeHead(context: context, status: status, contentType: contentType, contentLength: body.readableBytes)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        writeEnd(context: context)
    }

    private func writeHead(context: ChannelHandlerContext, status: HTTPResponseStatus, contentType: String, contentLength: Int?) {
        var headers = HTTPHeaders()
        headers.reserveCapacity(3)
        headers.add(name: "content-type", value: contentType)
        if let contentLength {
            headers.add(name: "content-length", value: String(contentLength))
        }
        // Keep-alive is HTTP/1.1's default and HTTP/1.0's exception; say so only when it differs.
        if version.major == 1, version.minor == 0, keepAlive {
            headers.add(name: "connection", value: "keep-alive")
        } else if !keepAlive {
            headers.add(name: "connection", value: "close")
        }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: version, status: status, headers: headers))), promise: nil)
    }

    /// Writes chunks until the channel's high-water mark is reached or the response is complete.
    private func writeStreamChunks(context: ChannelHandlerContext) {
        while streamChunksLeft > 0, context.channel.isWritable {
            streamChunksLeft -= 1
            context.write(wrapOutboundOut(.body(.byteBuffer(BenchResponses.streamChunk))), promise: nil)
        }
        if streamChunksLeft == 0 {
            writeEnd(context: context)
        } else {
            context.flush()
        }
    }

    private func writeEnd(context: ChannelHandlerContext) {
        if keepAlive {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        } else {
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
                channel.close(promise: nil)
            }
        }
    }
}
