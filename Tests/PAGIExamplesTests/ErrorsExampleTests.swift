import NIOCore
import PAGI
import PAGIExamples
import PAGITesting
import Testing

@Suite struct ErrorsExampleTests {
    let client = TestClient(app: ExampleApps.errors) { $0.raiseAppErrors = false }

    @Test func throwingBeforeTheStartIsA500() async throws {
        let response = try await client.get("/error")
        #expect(response.status == .internalServerError)
        #expect(response.error is ExampleApps.DeliberateError)
    }

    @Test func throwingAfterTheStartCutsTheResponse() async throws {
        let response = try await client.get("/error-after-start")
        #expect(response.status == .ok)
        #expect(!response.isComplete)
        #expect(response.error is ExampleApps.DeliberateError)
    }

    @Test func noResponseIsA500() async throws {
        let response = try await client.get("/no-response")
        #expect(response.status == .internalServerError)
        #expect((response.error as? PAGIError)?.code == .noResponse)
    }

    @Test func aBodyBeforeItsStartIsRejected() async throws {
        let response = try await client.get("/bad-order")
        #expect(response.status == .internalServerError)
        #expect((response.error as? PAGIError)?.code == .eventOutOfOrder)
    }

    @Test func theIndexListsThePaths() async throws {
        #expect(try await client.get("/").text.contains("/error-after-start"))
    }
}
