#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NIOCore
import PAGI
import PAGISimpleExamples
import PAGITesting
import Testing

@Suite struct StreamingBodiesExampleTests {
    let uploadPath = FileManager.default.temporaryDirectory.path + "/pagi-stream-upload-test-\(UUID().uuidString).bin"
    let client: TestClient

    init() {
        self.client = TestClient(app: SimpleExamples.streamingBodies(uploadPath: self.uploadPath).application)
    }

    /// `bytes` sent in pieces of `size` bytes, so that characters are split between pieces.
    static func pieces(_ bytes: [UInt8], size: Int) -> RequestBody {
        .chunks(stride(from: 0, to: bytes.count, by: size).map { ByteBuffer(bytes: bytes[$0..<min($0 + size, bytes.count)]) })
    }

    @Test func textIsDecodedAcrossPieces() async throws {
        #expect(SimpleExamples.all["simple-14-streaming"] != nil)
        #expect(try await self.client.get("/").text.contains("Streaming Request Bodies"))
        let text = Array("café 🌶️ ok".utf8)
        let decoded = try await self.client.post("/stream/decode", body: Self.pieces(text, size: 1))
        #expect(decoded.text == #"{"bytes_read":\#(text.count),"decoded":"café 🌶️ ok","limit_bytes":262144,"strict":0}"#)
        // Lenient: a bad byte becomes U+FFFD; strict: 400.
        let bad: [UInt8] = [0x63, 0x61, 0x66, 0xC3]
        #expect(try await self.client.post("/stream/decode", body: Self.pieces(bad, size: 2)).text.contains(#""decoded":"caf\#u{FFFD}""#))
        let strict = try await self.client.post("/stream/decode?strict=1&limit=16", body: Self.pieces(bad, size: 2))
        #expect(strict.status == .badRequest && strict.text.hasPrefix(#"{"error":"#))
    }

    @Test func limitsAnswer413() async throws {
        let over = try await self.client.post("/stream/decode?limit=4", body: .text("hello"))
        #expect(over.status == .contentTooLarge && over.text.hasPrefix(#"{"error":"#))
        let counted = try await self.client.post("/stream/decode?limit=4", body: Self.pieces(Array("hello".utf8), size: 2))
        #expect(counted.status == .contentTooLarge)
    }

    @Test func bodiesStreamToAFile() async throws {
        defer { try? FileManager.default.removeItem(atPath: self.uploadPath) }
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0) }
        let saved = try await self.client.post("/stream/upload", body: Self.pieces(bytes, size: 8192))
        #expect(saved.text == #"{"bytes_written":100000,"limit_bytes":262144,"saved_to":"\#(self.uploadPath)"}"#)
        #expect(try Data(contentsOf: URL(fileURLWithPath: self.uploadPath)) == Data(bytes))
        #expect(try await self.client.post("/stream/upload?limit=10", body: .text(String(repeating: "x", count: 11))).status == .contentTooLarge)
    }
}
