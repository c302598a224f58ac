import NIOCore
import PAGI
import Testing

@Suite struct SSEEncodingTests {
    func encode(_ event: SSEEvent) -> String {
        var buffer = ByteBuffer()
        SSEEncoding.write(event, into: &buffer)
        return String(buffer: buffer)
    }

    @Test func writesEveryField() {
        #expect(encode(SSEEvent(data: "hello", event: "tick", id: "42", retry: 3000))
            == "event: tick\nid: 42\nretry: 3000\ndata: hello\n\n")
    }

    @Test func splitsDataOnEveryLineEnding() {
        #expect(encode(SSEEvent(data: "a\nb\r\nc\rd")) == "data: a\ndata: b\ndata: c\ndata: d\n\n")
        #expect(encode(SSEEvent(data: "trailing\n")) == "data: trailing\ndata:\n\n")
        #expect(encode(SSEEvent(data: "")) == "data:\n\n")
        #expect(encode(SSEEvent(data: "\r\n\r\n")) == "data:\ndata:\ndata:\n\n")
        #expect(encode(SSEEvent(data: "x\n\ry")) == "data: x\ndata:\ndata: y\n\n")
        #expect(encode(SSEEvent(data: "end\r")) == "data: end\ndata:\n\n")
    }

    @Test func writesUTF8() {
        var buffer = ByteBuffer()
        SSEEncoding.write(SSEEvent(data: "λ 🔥"), into: &buffer)
        #expect(buffer.readableBytesView.elementsEqual(Array("data: λ 🔥\n\n".utf8)))
    }

    @Test func commentsGetOneColon() {
        var buffer = ByteBuffer()
        SSEEncoding.writeComment("keepalive", into: &buffer)
        SSEEncoding.writeComment(":already", into: &buffer)
        SSEEncoding.writeComment("", into: &buffer)
        #expect(String(buffer: buffer) == ":keepalive\n\n:already\n\n:\n\n")
    }
}
