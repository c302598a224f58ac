import Foundation
import HTTPTypes
import NIOCore
import PAGI
import PAGIMiddleware
import PAGITesting
import Testing

@Suite struct ContentLengthTests {
    @Test func aBodySentWholeGetsItsLength() async throws {
        let response = try await Plumbing.client(ContentLength().wrap(Plumbing.respond(pieces: ["héllo"]))).get("/")
        #expect(response.headers[.contentLength] == "6" && response.text == "héllo")
        #expect(Plumbing.bodyEvents(response).map(\.bytes) == [6])
    }

    @Test func aStreamedBodyIsHeldAndSentWithItsLength() async throws {
        let response = try await Plumbing.client(ContentLength().wrap(Plumbing.respond(pieces: ["ab", "cd", "", "ef"]))).get("/")
        #expect(response.headers[.contentLength] == "6" && response.text == "abcdef")
        #expect(Plumbing.bodyEvents(response).map(\.bytes) == [6])
    }

    @Test func manySmallPiecesAreHeldInOneGrowingBuffer() async throws {
        let pieces = (0..<2_000).map { String(repeating: String($0 % 10), count: 500) }
        let response = try await Plumbing.client(ContentLength().wrap(Plumbing.respond(pieces: pieces))).get("/")
        #expect(response.headers[.contentLength] == "1000000" && response.text == pieces.joined())
    }

    @Test func aStreamedBodyOverTheLimitGoesOutAsItComes() async throws {
        let app = ContentLength(bufferLimit: 4).wrap(Plumbing.respond(pieces: ["abc", "def", "gh"]))
        let response = try await Plumbing.client(app).get("/")
        #expect(response.headers[.contentLength] == nil && response.text == "abcdefgh")
        let events = Plumbing.bodyEvents(response)
        #expect(events.map(\.bytes) == [3, 3, 2] && events.map(\.more) == [true, true, false])
    }

    @Test func autoChunkedLeavesStreamedBodiesAloneAndMeasuresWholeOnes() async throws {
        let streamed = try await Plumbing.client(ContentLength(autoChunked: true).wrap(Plumbing.respond(pieces: ["a", "b"]))).get("/")
        #expect(streamed.headers[.contentLength] == nil && streamed.text == "ab" && Plumbing.bodyEvents(streamed).count == 2)
        let whole = try await Plumbing.client(ContentLength(autoChunked: true).wrap(Plumbing.respond(pieces: ["abc"]))).get("/")
        #expect(whole.headers[.contentLength] == "3")
    }

    @Test func responsesThatHaveOrNeedNoLengthAreLeftAlone() async throws {
        let declared = try await Plumbing.client(ContentLength().wrap(Plumbing.respond(headers: ["content-length": "5"], pieces: ["he", "llo"]))).get("/")
        #expect(declared.headers.values(for: .contentLength) == ["5"] && Plumbing.bodyEvents(declared).count == 2)
        for status in [HTTPResponse.Status.noContent, .notModified] {
            let empty = try await Plumbing.client(ContentLength().wrap(Plumbing.respond(status: status, pieces: []))).get("/")
            #expect(empty.headers[.contentLength] == nil)
        }
        let trailers = try await Plumbing.client(ContentLength().wrap(Plumbing.respond(pieces: ["a", "b"], trailers: ["x-sum": "1"]))).get("/")
        #expect(trailers.headers[.contentLength] == nil && trailers.trailers?[HeaderName("x-sum")] == "1")
        let head = try await Plumbing.client(ContentLength().wrap(Plumbing.respond(pieces: [""]))).head("/")
        #expect(head.headers[.contentLength] == nil)
    }

    @Test func fullFlushReleasesTheHeldResponse() async throws {
        let app: Application = { _, _, send in
            try await send(.httpResponseStart(status: .ok))
            try await send(.httpResponseBody("a", more: true))
            try await send(.httpFullFlush)
            try await send(.httpResponseBody("b"))
        }
        let response = try await Plumbing.client(ContentLength().wrap(app)).get("/")
        #expect(response.headers[.contentLength] == nil && response.text == "ab" && response.fullFlushCount == 1)
    }

    @Test func aFileBodyGetsTheLengthOfItsRegion() async throws {
        let path = try Plumbing.temporaryFile("0123456789")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let app: Application = { scope, _, send in
            try await send(.httpResponseStart(status: .ok))
            if scope.request?.path == "/prefixed" { try await send(.httpResponseBody("ab", more: true)) }
            try await send(.httpResponseFile(.path(path, offset: 2, length: 100)))
        }
        let client = Plumbing.client(ContentLength().wrap(app))
        let file = try await client.get("/")
        #expect(file.headers[.contentLength] == "8" && file.text == "23456789")
        let prefixed = try await client.get("/prefixed")
        #expect(prefixed.headers[.contentLength] == "10" && prefixed.text == "ab23456789")
    }

    @Test func aFailureWhileHeldIsAFailureBeforeTheStart() async throws {
        struct Boom: Error {}
        let app: Application = { _, _, send in
            try await send(.httpResponseStart(status: .ok))
            try await send(.httpResponseBody("partial", more: true))
            throw Boom()
        }
        let response = try await Plumbing.client(ContentLength().wrap(app)) { $0.raiseAppErrors = false }.get("/")
        #expect(response.status == .internalServerError && response.error is Boom)
    }

    @Test func otherScopesPassThrough() async throws {
        let socket = try await Plumbing.client(ContentLength().wrap(Plumbing.respond(pieces: ["hi"]))).websocket("/")
        #expect(try await socket.receiveText() == "hi")
    }
}
