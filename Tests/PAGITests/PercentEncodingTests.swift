import PAGI
import Testing

@Suite struct PercentEncodingTests {
    @Test func decodesPathAsUTF8() {
        #expect(PercentEncoding.decodePath("/caf%C3%A9/%CE%BB") == "/café/λ")
        #expect(PercentEncoding.decodePath("/a%20b+c") == "/a b+c")
        #expect(PercentEncoding.decodePath("/plain") == "/plain")
    }

    @Test func invalidUTF8PathKeepsBytesAsLatin1() {
        let path = PercentEncoding.decodePath("/caf%E9")
        #expect(path == "/café")
        #expect(path.unicodeScalars.last?.value == 0xE9)
    }

    @Test func malformedEscapesStayLiteral() {
        #expect(PercentEncoding.decodePath("/100%") == "/100%")
        #expect(PercentEncoding.decodePath("/%zz%4") == "/%zz%4")
    }

    @Test func componentsDecodePlusAsSpace() {
        #expect(PercentEncoding.decodeComponent("a+b%2Bc%20%F0%9F%94%A5") == "a b+c 🔥")
    }

    @Test func encodingRoundTrips() {
        let path = "/echo/λ 🔥/a?b#c%"
        let encoded = PercentEncoding.encodePath(path)
        #expect(encoded == "/echo/%CE%BB%20%F0%9F%94%A5/a%3Fb%23c%25")
        #expect(PercentEncoding.decodePath(ByteString(encoded)) == path)
        #expect(PercentEncoding.encodeComponent("a b&c=d") == "a%20b%26c%3Dd")
    }
}
