import HTTPTypes
import NIOCore
import PAGI
import PAGISimple
import PAGITesting
import Testing

@Suite struct StreamingResponseTests {
    static let client: TestClient = {
        let app = SimpleApp()
        app.get("/countdown") { _ in
            .stream { writer in
                for number in (1...3).reversed() { try await writer.writeLine("\(number)...") }
                try await writer.writeLine("Liftoff! \(writer.bytesWritten) bytes before this line")
            }
        }
        app.get("/lines") { _ in .stream(from: ["a\n", "b\n", "c\n"], delay: .milliseconds(1)) }
        app.get("/numbers") { _ in
            let numbers = AsyncStream<String> { continuation in
                for number in 1...4 { continuation.yield("\(number),") }
                continuation.finish()
            }
            return .stream(from: numbers, contentType: "text/csv")
        }
        app.get("/fails") { _ in
            .stream { writer in
                try await writer.write("partial")
                throw HTTPError(.internalServerError, "too late for a page")
            }
        }
        var configuration = TestClient.Configuration()
        configuration.raiseAppErrors = false
        return TestClient(app: app.application, configuration: configuration)
    }()

    @Test func aWriterSendsPiecesAsTheyComeWithoutALength() async throws {
        let response = try await Self.client.get("/countdown")
        #expect(response.status == .ok && response.headers.first(.contentType) == "text/plain; charset=utf-8")
        #expect(!response.headers.contains(.contentLength))
        #expect(response.chunks.filter { $0.readableBytes > 0 }.count == 4)
        #expect(response.text == "3...\n2...\n1...\nLiftoff! 15 bytes before this line\n")
    }

    @Test func sequencesStreamPieceByPiece() async throws {
        let lines = try await Self.client.get("/lines")
        #expect(lines.text == "a\nb\nc\n" && lines.chunks.filter { $0.readableBytes > 0 }.count == 3)
        let numbers = try await Self.client.get("/numbers")
        #expect(numbers.text == "1,2,3,4," && numbers.headers.first(.contentType) == "text/csv")
    }

    @Test func headDoesNotRunTheProducer() async throws {
        let response = try await Self.client.head("/countdown")
        #expect(response.status == .ok && response.body.readableBytes == 0)
    }

    /// Once bytes are out, an error cannot become a page: the response is cut short.
    @Test func anErrorAfterTheFirstByteCutsTheResponseShort() async throws {
        let response = try await Self.client.get("/fails")
        #expect(response.status == .ok && response.text == "partial")
        #expect(!response.isComplete && response.error is HTTPError)
    }
}
