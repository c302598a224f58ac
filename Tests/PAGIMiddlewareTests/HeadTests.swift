import Foundation
import HTTPTypes
import NIOCore
import PAGI
import PAGIMiddleware
import PAGITesting
import Testing

@Suite struct HeadTests {
    @Test func headRunsTheApplicationAsGetWithoutTheBody() async throws {
        let seen = Plumbing.Seen()
        let client = Plumbing.client(Head().wrap(seen.recording(Plumbing.respond(pieces: ["hello"]))))
        let response = try await client.head("/page")
        #expect(seen.last?.method == .get)
        #expect(response.status == .ok && response.headers[.contentLength] == "5" && response.headers[.contentType] == "text/plain")
        #expect(Plumbing.bodyEvents(response).map(\.bytes) == [0])
        let get = try await client.get("/page")
        #expect(get.text == "hello" && get.headers[.contentLength] == nil)
    }

    @Test func theApplicationsOwnLengthIsKept() async throws {
        let app = Head().wrap(Plumbing.respond(headers: ["content-length": "5"], pieces: ["hel", "lo"]))
        let response = try await Plumbing.client(app).head("/")
        #expect(response.headers.values(for: .contentLength) == ["5"])
        #expect(Plumbing.bodyEvents(response).allSatisfy { $0.bytes == 0 })
    }

    @Test func aStreamedBodyIsFramedAsStreamedWithoutBytesOrTrailers() async throws {
        let streamed = try await Plumbing.client(Head().wrap(Plumbing.respond(pieces: ["a", "b", "c"]))).head("/")
        #expect(streamed.headers[.contentLength] == nil && streamed.isComplete)
        let events = Plumbing.bodyEvents(streamed)
        #expect(events.map(\.bytes) == [0, 0] && events.map(\.more) == [true, false])

        let withTrailers = try await Plumbing.client(Head().wrap(Plumbing.respond(pieces: ["a"], trailers: ["x-digest": "abc"]))).head("/")
        #expect(withTrailers.trailers == nil && withTrailers.isComplete && withTrailers.headers[.contentLength] == nil)
        #expect(Plumbing.starts(withTrailers).map(\.trailers) == [false])
        #expect(!withTrailers.events.contains { if case .httpResponseTrailers = $0 { true } else { false } })
    }

    @Test func aFileBodyGivesItsLengthAndAMissingFileFailsTheSend() async throws {
        let path = try Plumbing.temporaryFile("0123456789")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let app: Application = { scope, _, send in
            try await send(.httpResponseStart(status: .ok))
            if scope.request?.path == "/missing" {
                do {
                    try await send(.httpResponseFile(.path("/nonexistent/plumbing.txt")))
                } catch {
                    try await send(.httpResponseBody("fallback"))
                }
            } else {
                try await send(.httpResponseFile(.path(path, offset: 4)))
            }
        }
        let client = Plumbing.client(Head().wrap(app))
        let file = try await client.head("/")
        #expect(file.headers[.contentLength] == "6" && Plumbing.bodyEvents(file).map(\.bytes) == [0])
        let missing = try await client.head("/missing")
        #expect(missing.headers[.contentLength] == "8")
    }

    @Test func responsesWithoutBodiesGetNoLength() async throws {
        let inner = Plumbing.client(MiddlewareStack {
            Head()
            ConditionalGet()
        }.wrap(Plumbing.respond(headers: ["etag": #""v1""#])))
        let notModified = try await inner.head("/", headers: ["if-none-match": #""v1""#])
        #expect(notModified.status == .notModified && notModified.headers[.contentLength] == nil)
        let noContent = try await Plumbing.client(Head().wrap(Plumbing.respond(status: .noContent, pieces: []))).head("/")
        #expect(noContent.status == .noContent && noContent.headers[.contentLength] == nil)
    }

    @Test func aFullFlushSendsTheHeadAtOnce() async throws {
        let app: Application = { _, _, send in
            try await send(.httpResponseStart(status: .ok))
            try await send(.httpFullFlush)
            try await send(.httpResponseBody("late"))
        }
        let response = try await Plumbing.client(Head().wrap(app)).head("/")
        #expect(response.fullFlushCount == 1 && response.headers[.contentLength] == nil && response.isComplete)
    }

    @Test func otherMethodsPassThrough() async throws {
        let seen = Plumbing.Seen()
        let response = try await Plumbing.client(Head().wrap(seen.recording(Plumbing.echo))).post("/x", body: "data")
        #expect(response.text == "POST /x data" && seen.last?.method == .post)
    }
}
