import Foundation
import HTTPTypes
import NIOCore
import PAGI
import PAGIMiddleware
import PAGITesting
import Testing

@Suite struct ETagTests {
    @Test func aBodySentWholeIsTaggedWithItsHash() async throws {
        let response = try await Plumbing.client(ETag().wrap(Plumbing.respond(pieces: ["hello"]))).get("/")
        // SHA-256("hello") = 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c…
        #expect(response.headers[.eTag] == #""2cf24dba5fb0a30e26e83b2ac5b9e29e""# && response.text == "hello")
        let weak = try await Plumbing.client(ETag(weak: true).wrap(Plumbing.respond(pieces: ["hello"]))).get("/")
        #expect(weak.headers[.eTag] == #"W/"2cf24dba5fb0a30e26e83b2ac5b9e29e""#)
        #expect(ETag.tag(for: ByteBuffer(string: "hello!")) != ETag.tag(for: ByteBuffer(string: "hello")))
    }

    @Test func streamedBodiesAreTaggedOnlyUnderTheLimit() async throws {
        let streamed = try await Plumbing.client(ETag().wrap(Plumbing.respond(pieces: ["hel", "lo"]))).get("/")
        #expect(streamed.headers[.eTag] == nil && streamed.text == "hello" && Plumbing.bodyEvents(streamed).count == 2)
        let buffered = try await Plumbing.client(ETag(bufferLimit: 16).wrap(Plumbing.respond(pieces: ["hel", "lo"]))).get("/")
        #expect(buffered.headers[.eTag] == #""2cf24dba5fb0a30e26e83b2ac5b9e29e""# && buffered.text == "hello")
        let tooLong = try await Plumbing.client(ETag(bufferLimit: 4).wrap(Plumbing.respond(pieces: ["hel", "lo", "!"]))).get("/")
        #expect(tooLong.headers[.eTag] == nil && tooLong.text == "hello!")
    }

    @Test func responsesThatCannotOrNeedNotBeTaggedAreLeftAlone() async throws {
        let cases: [(HTTPResponse.Status, Headers)] = [
            (.ok, ["etag": #""mine""#]), (.notFound, [:]), (.created, [:]), (.ok, ["cache-control": "private, no-store"]),
        ]
        for (status, headers) in cases {
            let response = try await Plumbing.client(ETag().wrap(Plumbing.respond(status: status, headers: headers))).get("/")
            #expect(response.headers.values(for: .eTag) == headers.values(for: .eTag), "\(status) \(headers)")
        }
        #expect(try await Plumbing.client(ETag().wrap(Plumbing.respond())).head("/").headers[.eTag] == nil)
        let trailers = try await Plumbing.client(ETag().wrap(Plumbing.respond(trailers: ["x-t": "1"]))).get("/")
        #expect(trailers.headers[.eTag] == nil && trailers.trailers != nil)
    }

    @Test func fileBodiesAreLeftAlone() async throws {
        let path = try Plumbing.temporaryFile("file body")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let app: Application = { _, _, send in
            try await send(.httpResponseStart(status: .ok))
            try await send(.httpResponseFile(.path(path)))
        }
        let response = try await Plumbing.client(ETag().wrap(app)).get("/")
        #expect(response.headers[.eTag] == nil && response.text == "file body")
    }

    @Test func headOutsideGivesHeadTheGetTag() async throws {
        let client = Plumbing.client(MiddlewareStack {
            Head()
            ETag()
        }.wrap(Plumbing.respond(pieces: ["hello"])))
        let head = try await client.head("/")
        let get = try await client.get("/")
        #expect(head.headers[.eTag] == get.headers[.eTag] && get.headers[.eTag] != nil)
    }
}
