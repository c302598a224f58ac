import HTTPTypes
import NIOCore
import PAGI
import PAGIMiddleware
import PAGITesting
import Testing

@Suite struct ConditionalGetTests {
    static let headers: Headers = [
        "content-type": "text/html", "content-length": "5", "etag": #""v1""#, "cache-control": "max-age=60",
        "last-modified": "Sun, 06 Nov 1994 08:49:37 GMT", "vary": "accept", "set-cookie": "seen=1",
        "content-security-policy": "default-src 'self'",
    ]

    static let client = Plumbing.client(ConditionalGet().wrap(Plumbing.respond(headers: headers, pieces: ["he", "llo"])))

    @Test func aMatchingTagGetsA304WithoutBodyOrBodyFields() async throws {
        let response = try await Self.client.get("/", headers: ["if-none-match": #""v1""#])
        #expect(response.status == .notModified && response.body.readableBytes == 0)
        #expect(response.headers[.eTag] == #""v1""# && response.headers[.cacheControl] == "max-age=60" && response.headers[.vary] == "accept")
        #expect(response.headers[.setCookie] == "seen=1" && response.headers[.lastModified] != nil && response.headers["content-security-policy"] != nil)
        #expect(response.headers[.contentType] == nil && response.headers[.contentLength] == nil)
        #expect(Plumbing.bodyEvents(response).map(\.bytes) == [0])
    }

    @Test func tagsCompareWeaklyInListsAndStar() async throws {
        for condition in [#"W/"v1""#, #""x", "v1""#, #""a,b", W/"v1""#, "*", #" "v0" , "v1" "#] {
            #expect(try await Self.client.get("/", headers: ["if-none-match": ByteString(condition)]).status == .notModified, "\(condition)")
        }
        for condition in [#""v2""#, #""V1""#, "v2", ""] {
            let response = try await Self.client.get("/", headers: ["if-none-match": ByteString(condition)])
            #expect(response.status == .ok && response.text == "hello", "\(condition)")
        }
        let weakResponse = Plumbing.client(ConditionalGet().wrap(Plumbing.respond(headers: ["etag": #"W/"v1""#])))
        #expect(try await weakResponse.get("/", headers: ["if-none-match": #""v1""#]).status == .notModified)
    }

    @Test func modifiedSinceComparesDates() async throws {
        for date in ["Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "Mon, 07 Nov 1994 00:00:00 GMT"] {
            #expect(try await Self.client.get("/", headers: ["if-modified-since": ByteString(date)]).status == .notModified, "\(date)")
        }
        for date in ["Sun, 06 Nov 1994 08:49:36 GMT", "yesterday", ""] {
            #expect(try await Self.client.get("/", headers: ["if-modified-since": ByteString(date)]).status == .ok, "\(date)")
        }
        // If-None-Match decides alone when present.
        let both: Headers = ["if-none-match": #""v2""#, "if-modified-since": "Mon, 07 Nov 1994 00:00:00 GMT"]
        #expect(try await Self.client.get("/", headers: both).status == .ok)
    }

    @Test func onlyGetAndHeadAndOnly200() async throws {
        #expect(try await Self.client.head("/", headers: ["if-none-match": #""v1""#]).status == .notModified)
        #expect(try await Self.client.post("/", headers: ["if-none-match": #""v1""#]).status == .ok)
        let notFound = Plumbing.client(ConditionalGet().wrap(Plumbing.respond(status: .notFound, headers: Self.headers)))
        #expect(try await notFound.get("/", headers: ["if-none-match": "*"]).status == .notFound)
        let untagged = Plumbing.client(ConditionalGet().wrap(Plumbing.respond()))
        #expect(try await untagged.get("/", headers: ["if-none-match": #""v1""#]).status == .ok)
        #expect(try await untagged.get("/", headers: ["if-modified-since": "Mon, 07 Nov 1994 00:00:00 GMT"]).status == .ok)
    }

    @Test func theApplicationsLaterEventsAreDropped() async throws {
        let response = try await Plumbing.client(ConditionalGet().wrap(Plumbing.respond(headers: Self.headers, pieces: ["a", "b"], trailers: ["x-t": "1"])))
            .get("/", headers: ["if-none-match": #""v1""#])
        #expect(response.status == .notModified && response.isComplete && response.trailers == nil)
        #expect(Plumbing.starts(response).map(\.trailers) == [false])
    }

    @Test func withETagInsideTheSecondRequestIsNotModified() async throws {
        let client = Plumbing.client(MiddlewareStack {
            ConditionalGet()
            ETag()
        }.wrap(Plumbing.respond(pieces: ["page"])))
        let first = try await client.get("/")
        let tag = try #require(first.headers[.eTag])
        let second = try await client.get("/", headers: ["if-none-match": ByteString(tag)])
        #expect(second.status == .notModified && second.headers[.eTag] == tag)
    }
}
