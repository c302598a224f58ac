import HTTPTypes
import NIOCore
import PAGI
@testable import PAGIMiddleware
import PAGITesting
import Testing

@Suite struct RuntimeTests {
    static func slow(_ delay: Duration) -> Application {
        { scope, receive, send in
            try await Task.sleep(for: delay)
            try await Plumbing.respond()(scope, receive, send)
        }
    }

    @Test func theHeaderIsTheTimeToTheResponseStartInSeconds() async throws {
        let response = try await Plumbing.client(Runtime().wrap(Self.slow(.milliseconds(20)))).get("/")
        let value = try #require(response.headers["x-runtime"])
        #expect(value.wholeMatch(of: /\d+\.\d{6}/) != nil)
        #expect(try #require(Double(value)) >= 0.02)
    }

    @Test func nameAndPrecisionAreOptions() async throws {
        let three = try await Plumbing.client(Runtime(header: "x-response-time", precision: 3).wrap(Plumbing.respond())).get("/")
        #expect(three.headers["x-response-time"]?.wholeMatch(of: /\d+\.\d{3}/) != nil && three.headers["x-runtime"] == nil)
        let whole = try await Plumbing.client(Runtime(precision: 0).wrap(Plumbing.respond())).get("/")
        #expect(whole.headers["x-runtime"]?.wholeMatch(of: /\d+/) != nil)
    }

    @Test func secondsAreRoundedToThePrecision() {
        #expect(Runtime.seconds(.milliseconds(1234), precision: 2) == "1.23")
        #expect(Runtime.seconds(.microseconds(1235), precision: 3) == "0.001")
        #expect(Runtime.seconds(.nanoseconds(999_999_999), precision: 3) == "1.000")
        #expect(Runtime.seconds(.nanoseconds(1_500), precision: 6) == "0.000002")
        #expect(Runtime.seconds(.seconds(2), precision: 0) == "2")
        #expect(Runtime.seconds(.nanoseconds(7), precision: 9) == "0.000000007")
    }

    @Test func eventStreamsAreTimedToo() async throws {
        let stream = try await Plumbing.client(Runtime().wrap(Plumbing.respond())).sse("/")
        #expect(stream.headers["x-runtime"] != nil)
    }
}
