import Hummingbird
import NIOCore

/// The JSON endpoint's payload, encoded per request by the router's response encoder.
struct HelloMessage: ResponseEncodable {
    let message: String
}

/// One 64 KiB buffer of "x", shared by every `/stream` response (ByteBuffer is copy-on-write).
private let streamChunk = ByteBuffer(repeating: UInt8(ascii: "x"), count: 64 * 1024)
private let streamChunkCount = 16

/// Hummingbird's own default (`context.maxUploadSize`) is 2 MiB; the other peers do not cap
/// the body at all, so `/echo` takes anything a benchmark is likely to send.
private let maxEchoBytes = 64 * 1024 * 1024

func makeBenchRouter() -> Router<BasicRequestContext> {
    let router = Router()

    // String responses get `text/plain; charset=utf-8` and a Content-Length.
    router.get("/plaintext") { _, _ in
        "Hello, World!"
    }

    router.get("/json") { _, _ in
        HelloMessage(message: "Hello, World!")
    }

    // A ByteBuffer response gets `application/octet-stream` and a Content-Length.
    router.post("/echo") { request, _ -> ByteBuffer in
        try await request.body.collect(upTo: maxEchoBytes)
    }

    // No content length: the HTTP/1 encoder switches to chunked transfer encoding.
    router.get("/stream") { _, _ in
        Response(
            status: .ok,
            headers: [.contentType: "application/octet-stream"],
            body: ResponseBody { writer in
                for _ in 0..<streamChunkCount {
                    try await writer.write(streamChunk)
                }
                try await writer.finish(nil)
            }
        )
    }

    // An event stream of `count` events (1000 by default), each its own write, then the end.
    router.get("/sse") { request, _ in
        let count = request.uri.queryParameters.get("count", as: Int.self) ?? 1000
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                for index in 0..<count {
                    try await writer.write(ByteBuffer(string: "data: tick \(index)\n\n"))
                }
                try await writer.finish(nil)
            }
        )
    }

    return router
}
