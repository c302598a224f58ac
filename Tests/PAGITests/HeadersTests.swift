import PAGI
import Testing

@Suite struct HeadersTests {
    @Test func keepsOrderAndDuplicates() {
        let headers: Headers = ["Content-Type": "text/plain", "Set-Cookie": "a=1", "x-other": "1", "set-cookie": "b=2"]
        #expect(headers.map(\.name.rawValue) == ["content-type", "set-cookie", "x-other", "set-cookie"])
        #expect(headers.values(for: .setCookie) == ["a=1", "b=2"])
        #expect(headers["SET-COOKIE"] == "a=1")
        #expect(headers.count == 4)
    }

    @Test func namesAreLowerCased() {
        #expect(HeaderName("X-Request-ID").rawValue == "x-request-id")
        #expect(HeaderName("X-Request-ID") == "x-request-id")
        #expect(HeaderName("bad name").isValidToken == false)
        #expect(HeaderName("x-ok_1~").isValidToken)
        #expect(HeaderName("").isValidToken == false)
    }

    @Test func setReplacesAllAndNilRemoves() {
        var headers: Headers = ["a": "1", "b": "2", "a": "3"]
        headers["a"] = "9"
        #expect(headers.map(\.name.rawValue) == ["a", "b"])
        #expect(headers["a"] == "9")
        headers["b"] = nil
        #expect(headers.map(\.name.rawValue) == ["a"])
        headers["c"] = "new"
        #expect(headers.map(\.name.rawValue) == ["a", "c"])
        headers.append("c", "again")
        headers.remove("c")
        #expect(!headers.contains("c"))
    }

    @Test func equalityIsByBytes() {
        let a: Headers = ["x": "1"]
        let b = Headers([("X", "1")])
        #expect(a == b)
        #expect(a != ["x": "2"])
    }
}
