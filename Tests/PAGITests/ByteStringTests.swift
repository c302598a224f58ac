import NIOCore
import PAGI
import Testing

@Suite struct ByteStringTests {
    @Test func equalAcrossStorage() {
        let fromString: ByteString = "héllo"
        let fromBuffer = ByteString(ByteBuffer(string: "héllo"))
        #expect(fromString == fromBuffer)
        #expect(fromString.hashValue == fromBuffer.hashValue)
        #expect(fromBuffer.count == 6)
        #expect(fromString != ByteString("hello"))
    }

    @Test func invalidUTF8FallsBackToLatin1() {
        let bytes = ByteString(bytes: [0x63, 0x61, 0x66, 0xE9])  // "caf\xE9", ISO-8859-1
        #expect(bytes.utf8String == nil)
        #expect(bytes.text == "café")
        // The text keeps every byte: each scalar is one byte.
        #expect(bytes.text.unicodeScalars.map { UInt8($0.value) } == [0x63, 0x61, 0x66, 0xE9])
    }

    @Test func validUTF8DecodesAsUTF8() {
        let bytes = ByteString(bytes: Array("λ🔥".utf8))
        #expect(bytes.utf8String == "λ🔥")
        #expect(bytes.text == "λ🔥")
        #expect(bytes.bytes == Array("λ🔥".utf8))
    }

    /// ASCII bytes take a shorter path than other UTF-8; one byte with its high bit set, at
    /// either end, must send them down the full check.
    @Test func asciiAndItsEdges() {
        #expect(ByteString(bytes: Array("/plain/text?\u{7F}".utf8)).text == "/plain/text?\u{7F}")
        #expect(ByteString(bytes: []).utf8String == "")
        #expect(ByteString(bytes: [0x61, 0x62, 0xFF]).utf8String == nil)
        #expect(ByteString(bytes: [0x61, 0x62, 0xFF]).text == "ab\u{FF}")
        #expect(ByteString(bytes: [0xC3, 0xA9, 0x61]).utf8String == "éa")
    }

    @Test func writesIntoBuffer() {
        var buffer = ByteBuffer()
        buffer.writeByteString("ab")
        buffer.writeByteString(ByteString(ByteBuffer(string: "cd")))
        #expect(String(buffer: buffer) == "abcd")
    }
}
