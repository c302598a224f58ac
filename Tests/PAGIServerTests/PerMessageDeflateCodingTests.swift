import NIOCore
import NIOWebSocket
import PAGI
import PAGIExamples
@testable import PAGIServer
import Testing

/// Compressing and inflating messages (RFC 7692), alone and on the wire.
@Suite struct PerMessageDeflateCodingTests {
    static let agreement = PerMessageDeflateAgreement.negotiate(offers: ["permessage-deflate"])!

    /// The payload of the one frame `deflation` makes for `message`, and whether RSV1 is set.
    static func compressedPayload(_ deflation: WebSocketDeflation, _ message: WebSocketMessage) throws -> (payload: ByteBuffer, rsv1: Bool) {
        var frame = ByteBuffer()
        for part in deflation.frames(for: message) {
            guard case .byteBuffer(var bytes) = part else { throw TestFailure("a file region") }
            frame.writeBuffer(&bytes)
        }
        let first = frame.readInteger(as: UInt8.self)!
        let short = Int(frame.readInteger(as: UInt8.self)! & 0x7F)
        if short == 126 { _ = frame.readInteger(as: UInt16.self) } else if short == 127 { _ = frame.readInteger(as: UInt64.self) }
        return (frame, first & 0x40 != 0)
    }

    /// Inflates one compressed single-frame message.
    static func inflate(_ inflation: inout WebSocketInflation, _ payload: ByteBuffer, opcode: WebSocketOpcode = .text) throws(WebSocketProtocolError) -> [UInt8] {
        let header = WebSocketFrameHeader(fin: true, rsv1: true, opcode: opcode, length: payload.readableBytes, maskKey: nil)
        var bytes: [UInt8] = []
        for event in [WebSocketFrameParser.Event.header(header), .payload(payload), .end] {
            for out in try inflation.transform(event) {
                if case .payload(let piece) = out { bytes += Array(piece.readableBytesView) }
            }
        }
        return bytes
    }

    @Test func messagesRoundTripAndLaterOnesReuseTheContext() throws {
        let deflation = WebSocketDeflation(agreement: Self.agreement, minSize: 16)
        var inflation = try WebSocketInflation(agreement: Self.agreement, maxMessageSize: 1 << 20)
        let text = String(repeating: "the quick brown fox λ ", count: 50)
        let first = try Self.compressedPayload(deflation, .text(text))
        let second = try Self.compressedPayload(deflation, .text(text))
        #expect(first.rsv1 && second.rsv1)
        #expect(first.payload.readableBytes < text.utf8.count / 5)
        #expect(second.payload.readableBytes < first.payload.readableBytes)  // The window still holds the first.
        #expect(try Self.inflate(&inflation, first.payload) == Array(text.utf8))
        #expect(try Self.inflate(&inflation, second.payload) == Array(text.utf8))
    }

    @Test func withoutContextTakeoverEachMessageStandsAlone() throws {
        let agreement = PerMessageDeflateAgreement.negotiate(offers: ["permessage-deflate; server_no_context_takeover"])!
        let deflation = WebSocketDeflation(agreement: agreement, minSize: 16)
        let text = String(repeating: "abcdefgh", count: 40)
        let first = try Self.compressedPayload(deflation, .text(text))
        let second = try Self.compressedPayload(deflation, .text(text))
        #expect(first.payload == second.payload)
        var fresh = try WebSocketInflation(agreement: agreement, maxMessageSize: 1 << 20)
        #expect(try Self.inflate(&fresh, second.payload) == Array(text.utf8))
    }

    @Test func smallMessagesGoUncompressed() throws {
        let deflation = WebSocketDeflation(agreement: Self.agreement, minSize: 128)
        let small = try Self.compressedPayload(deflation, .binary(ByteBuffer(bytes: [1, 2, 3])))
        #expect(!small.rsv1 && Array(small.payload.readableBytesView) == [1, 2, 3])
    }

    @Test func aMessageThatInflatesPastTheLimitIs1009() throws {
        let deflation = WebSocketDeflation(agreement: Self.agreement, minSize: 1)
        let bomb = try Self.compressedPayload(deflation, .binary(ByteBuffer(repeating: 0, count: 2_000_000)))
        #expect(bomb.payload.readableBytes < 10_000)
        var inflation = try WebSocketInflation(agreement: Self.agreement, maxMessageSize: 100_000)
        do {
            _ = try Self.inflate(&inflation, bomb.payload, opcode: .binary)
            Issue.record("the bomb inflated")
        } catch {
            #expect(error.code == .messageTooBig)
        }
    }

    @Test func corruptDataIs1007AndRSV1OnControlOrContinuationFramesIs1002() throws {
        var inflation = try WebSocketInflation(agreement: Self.agreement, maxMessageSize: 1000)
        do {
            _ = try Self.inflate(&inflation, ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF, 0x00]))
            Issue.record("corrupt data inflated")
        } catch {
            #expect(error.code == .invalidPayloadData)
        }
        for opcode in [WebSocketOpcode.ping, .continuation] {
            var fresh = try WebSocketInflation(agreement: Self.agreement, maxMessageSize: 1000)
            let header = WebSocketFrameHeader(fin: true, rsv1: true, opcode: opcode, length: 0, maskKey: nil)
            #expect(throws: WebSocketProtocolError.protocolError("RSV1 set on a \(opcode == .ping ? "control frame" : "continuation frame")")) {
                _ = try fresh.transform(.header(header))
            }
        }
    }

    // MARK: - On the wire

    @Test func compressionIsNegotiatedAndUsedBothWays() async throws {
        try await LiveServer.run(ExampleApps.websocketEcho) { server in
            let client = try await server.connect()
            let response = try await client.upgrade(extraHeaders: "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n")
            #expect(response.header("sec-websocket-extensions") == "permessage-deflate")
            // The client compresses with the same parameters the server uses.
            let clientSide = WebSocketDeflation(agreement: Self.agreement, minSize: 1)
            let text = String(repeating: "echo me ", count: 100)
            let compressed = try Self.compressedPayload(clientSide, .text(text))
            try await client.sendFrame(.text, Array(compressed.payload.readableBytesView), rsv: 4)
            let echo = try await client.readFrame()
            #expect(echo.rsv1 && echo.opcode == .text && echo.payload.count < text.utf8.count)
            var inflation = try WebSocketInflation(agreement: Self.agreement, maxMessageSize: 1 << 20)
            #expect(try Self.inflate(&inflation, ByteBuffer(bytes: echo.payload)) == Array(text.utf8))
        }
    }

    @Test func compressionCanBeTurnedOff() async throws {
        try await LiveServer.run(ExampleApps.websocketEcho, configure: { $0.webSocket.perMessageDeflate = false }) { server in
            let client = try await server.connect()
            let response = try await client.upgrade(extraHeaders: "Sec-WebSocket-Extensions: permessage-deflate\r\n")
            #expect(response.status == 101 && response.header("sec-websocket-extensions") == nil)
            // Without the extension, RSV1 is a protocol error.
            try await client.sendFrame(.text, Array("x".utf8), rsv: 4)
            #expect(try await client.readFrame().close?.code == 1002)
        }
    }
}
