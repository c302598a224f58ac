import NIOCore
import NIOWebSocket
import PAGI
@testable import PAGIServer
import Testing

/// A client frame as a browser sends it: masked with `key`.
private func clientFrame(
    fin: Bool = true,
    rsv: UInt8 = 0,
    opcode: UInt8,
    payload: [UInt8],
    key: [UInt8] = [0x12, 0x34, 0x56, 0x78],
    lengthWidth: Int? = nil
) -> ByteBuffer {
    var buffer = ByteBuffer()
    buffer.writeInteger((fin ? 0x80 : 0) | rsv | opcode)
    let width = lengthWidth ?? (payload.count <= 125 ? 0 : payload.count <= 0xFFFF ? 2 : 8)
    switch width {
    case 0: buffer.writeInteger(UInt8(0x80 | payload.count))
    case 2: buffer.writeInteger(UInt8(0x80 | 126)); buffer.writeInteger(UInt16(payload.count))
    default: buffer.writeInteger(UInt8(0x80 | 127)); buffer.writeInteger(UInt64(payload.count))
    }
    buffer.writeBytes(key)
    buffer.writeBytes(payload.enumerated().map { $0.element ^ key[$0.offset % 4] })
    return buffer
}

/// Every event of `bytes`, fed `chunk` bytes at a time.
private func events(_ bytes: ByteBuffer, chunk: Int = .max, maxFrameSize: Int = 1 << 20, allowRSV1: Bool = false) throws(WebSocketProtocolError) -> [WebSocketFrameParser.Event] {
    var parser = WebSocketFrameParser(maxFrameSize: maxFrameSize, allowRSV1: allowRSV1)
    var input = ByteBuffer()
    var remaining = bytes
    var found: [WebSocketFrameParser.Event] = []
    while true {
        while let event = try parser.next(from: &input) { found.append(event) }
        guard remaining.readableBytes > 0 else { return found }
        var piece = remaining.readSlice(length: min(chunk, remaining.readableBytes))!
        input.writeBuffer(&piece)
    }
}

/// The payloads of `events`, joined.
private func payload(_ events: [WebSocketFrameParser.Event]) -> [UInt8] {
    events.flatMap { event -> [UInt8] in
        if case .payload(let bytes) = event { return Array(bytes.readableBytesView) }
        return []
    }
}

@Suite struct WebSocketFrameParserTests {
    @Test(arguments: [0, 5, 125, 126, 65_535, 65_536, 200_000])
    func readsAndUnmasksPayloadsOfEveryLengthForm(_ length: Int) throws {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let found = try events(clientFrame(opcode: 0x2, payload: bytes))
        guard case .header(let header) = found.first else { Issue.record("no header"); return }
        #expect(header.fin && header.opcode == .binary && header.length == length)
        #expect(payload(found) == bytes)
        #expect(found.last == .end)
    }

    @Test(arguments: [1, 3, 7])
    func unmasksAcrossReadsOfAnySize(_ chunk: Int) throws {
        let text = Array("Hello, λ and 🙂, in pieces".utf8)
        let found = try events(clientFrame(opcode: 0x1, payload: text), chunk: chunk)
        #expect(payload(found) == text)
        #expect(found.filter { if case .payload = $0 { return true } else { return false } }.count > 1)
    }

    @Test func acceptsAWideLengthForASmallPayload() throws {
        let found = try events(clientFrame(opcode: 0x1, payload: Array("hi".utf8), lengthWidth: 8))
        #expect(payload(found) == Array("hi".utf8))
    }

    @Test func readsFramesOneAfterAnother() throws {
        var bytes = clientFrame(fin: false, opcode: 0x1, payload: Array("ab".utf8))
        var ping = clientFrame(opcode: 0x9, payload: [1, 2])
        var last = clientFrame(opcode: 0x0, payload: Array("c".utf8))
        bytes.writeBuffer(&ping)
        bytes.writeBuffer(&last)
        let headers = try events(bytes).compactMap { event -> WebSocketFrameHeader? in
            if case .header(let header) = event { return header }
            return nil
        }
        #expect(headers.map(\.opcode) == [.text, .ping, .continuation])
        #expect(headers.map(\.fin) == [false, true, true])
    }

    @Test func refusesWhatRFC6455Forbids() {
        let cases: [(String, ByteBuffer, WebSocketCloseCode)] = [
            ("RSV1 without an extension", clientFrame(rsv: 0x40, opcode: 0x1, payload: []), .protocolError),
            ("RSV2", clientFrame(rsv: 0x20, opcode: 0x1, payload: []), .protocolError),
            ("RSV3", clientFrame(rsv: 0x10, opcode: 0x1, payload: []), .protocolError),
            ("reserved data opcode", clientFrame(opcode: 0x3, payload: []), .protocolError),
            ("reserved control opcode", clientFrame(opcode: 0xB, payload: []), .protocolError),
            ("fragmented ping", clientFrame(fin: false, opcode: 0x9, payload: []), .protocolError),
            ("long close", clientFrame(opcode: 0x8, payload: Array(repeating: 0, count: 126)), .protocolError),
            ("frame over the limit", clientFrame(opcode: 0x2, payload: Array(repeating: 0, count: 1025)), .messageTooBig),
        ]
        for (name, bytes, code) in cases {
            #expect(throws: WebSocketProtocolError.self, "\(name)") { try events(bytes, maxFrameSize: 1024) }
            do {
                _ = try events(bytes, maxFrameSize: 1024)
            } catch {
                #expect(error.code == code, "\(name)")
            }
        }
    }

    @Test func refusesAnUnmaskedFrameAndATopBitLength() {
        var unmasked = ByteBuffer(bytes: [0x81, 0x02, 0x68, 0x69])
        var parser = WebSocketFrameParser(maxFrameSize: 1024)
        #expect(throws: WebSocketProtocolError.protocolError("a client frame must be masked")) { _ = try parser.next(from: &unmasked) }

        var huge = ByteBuffer(bytes: [0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4])
        parser = WebSocketFrameParser(maxFrameSize: .max)
        #expect(throws: WebSocketProtocolError.protocolError("the 64-bit length has its top bit set")) { _ = try parser.next(from: &huge) }
    }

    @Test func allowsRSV1WhenAnExtensionWasNegotiated() throws {
        let found = try events(clientFrame(rsv: 0x40, opcode: 0x1, payload: [1]), allowRSV1: true)
        guard case .header(let header) = found.first else { Issue.record("no header"); return }
        #expect(header.rsv1)
    }

    @Test func waitsForAWholeHeader() throws {
        var parser = WebSocketFrameParser(maxFrameSize: 1 << 20)
        let frame = clientFrame(opcode: 0x2, payload: Array(repeating: 7, count: 300))
        var partial = frame.getSlice(at: 0, length: 5)!  // Length word read, mask key not yet.
        #expect(try parser.next(from: &partial) == nil)
        #expect(partial.readableBytes == 5)
    }
}

@Suite struct WebSocketFrameWriterTests {
    @Test(arguments: [(0, 2), (125, 2), (126, 4), (65_535, 4), (65_536, 10)])
    func writesTheMinimalLengthForm(_ length: Int, _ headerSize: Int) {
        let frame = WebSocketFrameWriter.frame(opcode: .binary, payload: ByteBuffer(repeating: 1, count: length))
        #expect(frame.readableBytes == headerSize + length)
        #expect(frame.getInteger(at: 0, as: UInt8.self) == 0x82)
        #expect(frame.getInteger(at: 1, as: UInt8.self)! & 0x80 == 0)  // Server frames are not masked.
    }

    @Test func writesMessagesAndCloseFrames() {
        #expect(Array(WebSocketFrameWriter.frame(for: .text("hé")).readableBytesView) == [0x81, 0x03, 0x68, 0xC3, 0xA9])
        #expect(Array(WebSocketFrameWriter.frame(for: .binary(ByteBuffer(bytes: [9]))).readableBytesView) == [0x82, 0x01, 0x09])
        #expect(Array(WebSocketFrameWriter.closeFrame(code: .goingAway, reason: "bye").readableBytesView) == [0x88, 0x05, 0x03, 0xE9, 0x62, 0x79, 0x65])
    }

    @Test func setsFinRSV1AndTheOpcode() {
        var buffer = ByteBuffer()
        WebSocketFrameWriter.writeHeader(fin: false, rsv1: true, opcode: .text, length: 3, into: &buffer)
        #expect(Array(buffer.readableBytesView) == [0x41, 0x03])
    }
}

@Suite struct WebSocketHandshakeTests {
    private func head(_ text: String) throws -> RequestHead {
        var parser = HTTP1HeadParser(limits: .init())
        var bytes = ByteBuffer(string: text)
        return try #require(try parser.parse(&bytes))
    }

    private let upgrade = "Host: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"

    @Test func computesTheAcceptValueOfRFC6455() {
        #expect(WebSocketHandshake.acceptValue(forKey: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test(arguments: [[UInt8](), [0x66], [0x66, 0x6F], [0x66, 0x6F, 0x6F], Array("foobar".utf8)])
    func encodesBase64(_ bytes: [UInt8]) {
        let expected = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foobar": "Zm9vYmFy"][String(decoding: bytes, as: UTF8.self)]
        #expect(WebSocketHandshake.base64(bytes) == expected)
    }

    @Test func acceptsAValidUpgradeAndAnswers101() throws {
        let request = try head("GET /chat HTTP/1.1\r\n\(upgrade)Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        #expect(request.isWebSocketUpgrade)
        let key = try WebSocketHandshake.check(request)
        let serializer = ResponseSerializer(version: .http1_1, dateHeader: false, serverHeader: nil)
        let response = WebSocketHandshake.switchingProtocols(key: key, subprotocol: "chat.v1", headers: ["x-room": "7"], serializer: serializer)
        #expect(String(buffer: response) == "HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nsec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nsec-websocket-protocol: chat.v1\r\nx-room: 7\r\nconnection: upgrade\r\n\r\n")
    }

    @Test func refusesBadHandshakes() throws {
        let key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        let cases: [(String, WebSocketHandshake.Refusal)] = [
            ("POST /chat HTTP/1.1\r\n\(upgrade)\(key)Sec-WebSocket-Version: 13\r\nContent-Length: 0\r\n\r\n", .badRequest("A WebSocket handshake must be a GET request")),
            ("GET /chat HTTP/1.1\r\n\(upgrade)\(key)Sec-WebSocket-Version: 8\r\n\r\n", .unsupportedVersion),
            ("GET /chat HTTP/1.1\r\n\(upgrade)\(key)\r\n", .unsupportedVersion),
            ("GET /chat HTTP/1.1\r\n\(upgrade)Sec-WebSocket-Version: 13\r\n\r\n", .badRequest("Sec-WebSocket-Key must be one base64-encoded 16-byte value")),
            ("GET /chat HTTP/1.1\r\n\(upgrade)Sec-WebSocket-Key: c2hvcnQ=\r\nSec-WebSocket-Version: 13\r\n\r\n", .badRequest("Sec-WebSocket-Key must be one base64-encoded 16-byte value")),
            ("GET /chat HTTP/1.1\r\n\(upgrade)\(key)\(key)Sec-WebSocket-Version: 13\r\n\r\n", .badRequest("Sec-WebSocket-Key must be one base64-encoded 16-byte value")),
        ]
        for (text, refusal) in cases {
            #expect(throws: refusal) { try WebSocketHandshake.check(try self.head(text)) }
        }
        #expect(WebSocketHandshake.Refusal.unsupportedVersion.status == .upgradeRequired)
        #expect(WebSocketHandshake.Refusal.unsupportedVersion.headers == ["sec-websocket-version": "13"])
    }

    @Test func knowsANonceFromOtherBase64() {
        #expect(WebSocketHandshake.isNonce("dGhlIHNhbXBsZSBub25jZQ=="))
        #expect(!WebSocketHandshake.isNonce("dGhlIHNhbXBsZSBub25jZR=="))  // Stray bits in the last character.
        #expect(!WebSocketHandshake.isNonce("dGhlIHNhbXBsZSBub25jZQ="))
        #expect(!WebSocketHandshake.isNonce("dGhlIHNhbXBsZSBub2!jZQ=="))
    }
}

@Suite struct WebSocketMaskingTests {
    @Test func unmaskingWordWiseMatchesTheByteWiseDefinition() {
        let key = WebSocketMaskingKey([0x12, 0x9A, 0xF0, 0x07])!
        for length in [0, 1, 3, 7, 8, 9, 15, 16, 17, 100, 1031] {
            for offset in 0..<6 {
                let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
                var fast = ByteBuffer(bytes: bytes)
                WebSocketMasking.unmask(&fast, key: key, offset: offset)
                var reference = ByteBuffer(bytes: bytes)
                reference.webSocketUnmask(key, indexOffset: offset % 4)
                #expect(fast == reference, "length \(length), offset \(offset)")
            }
        }
    }
}
