import NIOCore
@testable import PAGITesting
import Testing

@Suite struct SSEParserTests {
    @Test func handlesEveryLineEndingAndSplitFeeds() {
        var parser = SSEParser()
        var items = parser.feed(ByteBuffer(string: "event: a\r\ndata: 1\r"))
        items += parser.feed(ByteBuffer(string: "\ndata:2\r\rdata: x\n"))
        items += parser.feed(ByteBuffer(string: "\n"))
        #expect(items == [.event(SSEMessage(event: "a", data: "1\n2")), .event(SSEMessage(data: "x"))])
    }

    @Test func idPersistsAndRetryIsPerEvent() {
        var parser = SSEParser()
        let items = parser.feed(ByteBuffer(string: "id: 7\nretry: 100\ndata: a\n\ndata: b\n\nretry: x1\ndata: c\n\n"))
        #expect(items == [
            .event(SSEMessage(data: "a", id: "7", retry: 100)),
            .event(SSEMessage(data: "b", id: "7")),
            .event(SSEMessage(data: "c", id: "7")),
        ])
    }

    @Test func retryMustBeDigits() {
        var parser = SSEParser()
        let items = parser.feed(ByteBuffer(string: "retry: -5\ndata: a\n\nretry: +7\ndata: b\n\nretry: 30\ndata: c\n\n"))
        #expect(items == [.event(SSEMessage(data: "a")), .event(SSEMessage(data: "b")), .event(SSEMessage(data: "c", retry: 30))])
    }

    @Test func commentsUnknownFieldsAndEmptyEvents() {
        var parser = SSEParser()
        let items = parser.feed(ByteBuffer(string: ": hi\nfoo: bar\n\nevent: only\n\ndata\n\n"))
        #expect(items == [.comment(" hi"), .event(SSEMessage(data: ""))])
    }
}
