import NIOCore
import NIOHTTP1

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The endpoints, decided from the request head alone.
enum BenchRoute {
    case plaintext, json, echo, stream, notFound

    init(method: HTTPMethod, uri: String) {
        let path = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        switch (method, path) {
        case (.GET, "/plaintext"): self = .plaintext
        case (.GET, "/json"): self = .json
        case (.POST, "/echo"): self = .echo
        case (.GET, "/stream"): self = .stream
        default: self = .notFound
        }
    }
}

/// Byte-for-byte what the other peers send; the constant bodies are built once.
enum BenchResponses {
    static let plaintext = ByteBuffer(string: "Hello, World!")
    static let notFound = ByteBuffer(string: "Not Found")

    /// One 64 KiB buffer of "x", written 16 times per `/stream` response without copying.
    static let streamChunk = ByteBuffer(repeating: UInt8(ascii: "x"), count: 64 * 1024)
    static let streamChunkCount = 16

    static let textContentType = "text/plain; charset=utf-8"
    static let jsonContentType = "application/json"
    static let binaryContentType = "application/octet-stream"

    /// The JSON endpoint's payload.
    struct HelloMessage: Encodable {
        let message: String
    }

    /// `{"message":"Hello, World!"}`, encoded per request with Foundation's JSONEncoder
    /// (as Hummingbird does), so `/json` measures a real serialisation on every peer.
    static func json() throws -> ByteBuffer {
        ByteBuffer(bytes: try JSONEncoder().encode(HelloMessage(message: "Hello, World!")))
    }
}
