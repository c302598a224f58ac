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

@Suite struct StreamingExampleTests {
    /// The example with its pauses shortened a thousandfold.
    let client = TestClient(app: SimpleExamples.streaming(pace: .milliseconds(1)).application)

    @Test func thePageListsTheEndpoints() async throws {
        let page = try await self.client.get("/")
        #expect(page.text.contains("<h1>Streaming Response Demo</h1>") && page.text.contains("/generate-file"))
        #expect(SimpleExamples.all["simple-05-streaming"] != nil)
    }

    @Test func writtenStreamsArriveInPieces() async throws {
        let countdown = try await self.client.get("/countdown")
        #expect(countdown.text == "=== Countdown Starting ===\n5...\n4...\n3...\n2...\n1...\nLiftoff!\n")
        #expect(countdown.chunks.filter { $0.readableBytes > 0 }.count == 7 && !countdown.headers.contains(.contentLength))
        let json = try await self.client.get("/json-stream")
        #expect(json.headers.first(.contentType) == "application/json")
        struct Items: Decodable { struct Item: Decodable { let id: Int; let status: String }; let items: [Item] }
        let items = try json.json(as: Items.self).items
        #expect(items.map(\.id) == [1, 2, 3, 4, 5] && items[2].status == "pending")
        let progress = try await self.client.get("/progress")
        #expect(progress.text.contains("[=====>     ] 50% - Step 5/10") && progress.text.hasSuffix("\nTask complete!\n"))
        let custom = try await self.client.get("/custom-stream")
        #expect(custom.text == "Item 1\nItem 2\nItem 3\nItem 4\nItem 5\n")
        #expect(custom.headers.first("x-stream-type") == "custom" && custom.headers.first("x-items-count") == "5")
    }

    @Test func iteratorsAndArrays() async throws {
        let iterator = try await self.client.get("/iterator")
        #expect(iterator.text.hasPrefix("Line 1 of 10\nLine 2 of 10\n") && iterator.text.hasSuffix("Line 10 of 10\n"))
        #expect(iterator.chunks.filter { $0.readableBytes > 0 }.count == 10)
        #expect(try await self.client.get("/array").text == "=== Starting ===\nChunk 1: Hello\nChunk 2: World\nChunk 3: From\nChunk 4: Streaming\n=== Complete ===\n")
    }

    @Test func filesDownloadAndShowInline() async throws {
        let name = "sample-\(UInt32.random(in: 0...UInt32.max)).txt"
        defer { try? FileManager.default.removeItem(atPath: FileManager.default.temporaryDirectory.path + "/pagi-streaming-demo/" + name) }
        let download = try await self.client.get("/download/\(name)")
        #expect(download.status == .ok && download.text.hasPrefix("This is a sample file: \(name)\n") && download.text.contains("Line 100: Lorem"))
        #expect(download.headers.first(.contentDisposition)?.text == "attachment; filename=\"\(name)\"")
        let view = try await self.client.get("/view/\(name)")
        #expect(view.text == download.text && view.headers.first(.contentDisposition) == "inline")
        let missing = try await self.client.get("/view/never-made.txt")
        #expect(missing.status == .notFound && missing.text == "File not found: never-made.txt")
        #expect(try await self.client.get("/download/..").status == .badRequest)
    }

    @Test func aGeneratedFileIsSentThenDeleted() async throws {
        let generated = try await self.client.get("/generate-file")
        #expect(generated.status == .ok && generated.body.readableBytes == 101 * 10240)
        #expect(generated.headers.first(.contentDisposition) == #"attachment; filename="generated-1mb.txt""#)
        #expect(generated.headers.first(.contentType) == "text/plain")
        let ranged = try await self.client.get("/generate-file", headers: ["range": "bytes=100-101"])
        #expect(ranged.status == .partialContent && ranged.text == "\nX")
    }
}
