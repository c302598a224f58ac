import PAGI
import Testing

@Suite struct HTTPDateParsingTests {
    @Test func allThreeFormsOfRFC9110() {
        let expected = 784_111_777  // Sun, 06 Nov 1994 08:49:37 GMT
        #expect(UTCTime.seconds(fromHTTPDate: "Sun, 06 Nov 1994 08:49:37 GMT") == expected)
        #expect(UTCTime.seconds(fromHTTPDate: "Sunday, 06-Nov-94 08:49:37 GMT") == expected)
        #expect(UTCTime.seconds(fromHTTPDate: "Sun Nov  6 08:49:37 1994") == expected)
        #expect(UTCTime(seconds: expected).httpDate == "Sun, 06 Nov 1994 08:49:37 GMT")
    }

    @Test func anythingElseIsNotADate() {
        for text in ["", "yesterday", "Sun, 06 Nov 1994 08:49:37 PST", "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49 GMT"] {
            #expect(UTCTime.seconds(fromHTTPDate: text) == nil, "\(text)")
        }
    }
}
