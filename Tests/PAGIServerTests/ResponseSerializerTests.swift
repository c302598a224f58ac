import NIOCore
import PAGI
@testable import PAGIServer
import Testing

@Suite struct HTTPDateTests {
    @Test func formatsIMFFixdate() {
        #expect(HTTPDate.format(784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.format(0) == "Thu, 01 Jan 1970 00:00:00 GMT")
    }

    @Test func writesTheCachedDateAsAHeaderLine() {
        var buffer = ByteBuffer()
        HTTPDate.writeField(into: &buffer)
        let line = String(buffer: buffer)
        #expect(line.hasPrefix("date: ") && line.hasSuffix(" GMT\r\n"))
        #expect(line.count == "date: Sun, 06 Nov 1994 08:49:37 GMT\r\n".count)
    }
}

@Suite struct ResponseSerializerTests {
    @Test(arguments: [0, 1, 9, 10, 13, 1024, 65_535, 1_048_576, Int.max])
    func writesNumbersWithoutStrings(_ value: Int) {
        var decimal = ByteBuffer()
        decimal.writeDecimal(value)
        #expect(String(buffer: decimal) == String(value))
        var hex = ByteBuffer()
        hex.writeDigits(value, radix: 16)
        #expect(String(buffer: hex) == String(value, radix: 16))
    }

    @Test func writesAHeadWithComputedLengthDateAndServer() {
        let serializer = ResponseSerializer(version: .http1_1, dateHeader: true, serverHeader: "pagi")
        var buffer = ByteBuffer()
        serializer.writeHead(
            status: .ok,
            headers: ["content-type": "text/plain", "connection": "close", "transfer-encoding": "chunked"],
            framing: .length(13),
            keepAlive: true,
            into: &buffer
        )
        let lines = String(buffer: buffer).components(separatedBy: "\r\n")
        #expect(lines[0] == "HTTP/1.1 200 OK")
        #expect(lines[1] == "content-type: text/plain")
        #expect(lines[2] == "content-length: 13")
        #expect(lines[3].hasPrefix("date: "))
        #expect(lines[4] == "server: pagi")
        #expect(lines[5...] == ["", ""])
    }

    @Test func keepsTheApplicationsDateAndServerAndSaysCloseWhenClosing() {
        let serializer = ResponseSerializer(version: .http1_1, dateHeader: true, serverHeader: "pagi")
        var buffer = ByteBuffer()
        serializer.writeHead(
            status: .notFound,
            headers: ["date": "yesterday", "server": "mine"],
            framing: .chunked,
            keepAlive: false,
            into: &buffer
        )
        #expect(String(buffer: buffer) == "HTTP/1.1 404 Not Found\r\ndate: yesterday\r\nserver: mine\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n")
        #expect(String(buffer: ResponseSerializer.chunkHeader(65_536)) == "10000\r\n")
    }
}

@Suite struct ChunkFramingTests {
    @Test func copiesASmallBodyNextToItsSizeLine() {
        let parts = ResponseSerializer.chunk(.byteBuffer(ByteBuffer(string: "data: hi\n\n")))
        #expect(parts.count == 1)
        guard case .byteBuffer(let framed) = parts.first else { Issue.record("not a buffer"); return }
        #expect(String(buffer: framed) == "a\r\ndata: hi\n\n\r\n")
    }

    @Test func framesALargeBodyWithoutCopyingIt() {
        let body = ByteBuffer(repeating: UInt8(ascii: "x"), count: ResponseSerializer.copiedChunkLimit + 1)
        let parts = ResponseSerializer.chunk(.byteBuffer(body))
        #expect(parts.count == 3)
        let bytes = parts.map { part -> String in
            guard case .byteBuffer(let buffer) = part else { return "" }
            return String(buffer: buffer)
        }
        #expect(bytes[0] == "1001\r\n" && bytes[1].count == 4097 && bytes[2] == "\r\n")
    }
}
