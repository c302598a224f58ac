import NIOCore
import NIOWebSocket
import PAGI
@testable import PAGIServer
import Testing

@Suite struct UTF8ValidatorTests {
    @Test(arguments: ["", "ascii", "λ", "€", "🙂", "mixed λ € 🙂 end", "\u{10FFFF}", "\u{FFFD}"])
    func acceptsUTF8EvenOneByteAtATime(_ text: String) {
        var whole = UTF8Validator()
        let wholeValid = whole.validate(text.utf8)
        #expect(wholeValid && whole.isComplete)
        var split = UTF8Validator()
        let piecesValid = text.utf8.allSatisfy { split.validate([$0]) }
        #expect(piecesValid && split.isComplete)
    }

    @Test(arguments: [
        [0x80], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF0, 0x80, 0x80, 0x80],
        [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFF], [0xCE, 0x41],
    ] as [[UInt8]])
    func refusesWhatRFC3629Forbids(_ bytes: [UInt8]) {
        var validator = UTF8Validator()
        let valid = validator.validate(bytes)
        #expect(!valid)
    }

    @Test func knowsWhenTextStopsInsideACharacter() {
        var validator = UTF8Validator()
        let start = validator.validate([0xF0, 0x9F])
        #expect(start && !validator.isComplete)
        let rest = validator.validate([0x99, 0x82])
        #expect(rest && validator.isComplete)
    }
}

@Suite struct WebSocketMessageAssemblerTests {
    private func header(_ opcode: WebSocketOpcode, fin: Bool = true, length: Int = 0) -> WebSocketFrameParser.Event {
        .header(WebSocketFrameHeader(fin: fin, rsv1: false, opcode: opcode, length: length, maskKey: nil))
    }

    private func feed(_ events: [WebSocketFrameParser.Event], maxMessageSize: Int = 1024) throws(WebSocketProtocolError) -> [WebSocketMessageAssembler.Output] {
        var assembler = WebSocketMessageAssembler(maxMessageSize: maxMessageSize)
        var outputs: [WebSocketMessageAssembler.Output] = []
        for event in events {
            if let output = try assembler.consume(event) { outputs.append(output) }
        }
        return outputs
    }

    private func bytes(_ text: String) -> WebSocketFrameParser.Event { .payload(ByteBuffer(string: text)) }

    @Test func joinsFragmentsAroundAPing() throws {
        let outputs = try feed([
            header(.text, fin: false), bytes("Hel"), .end,
            header(.ping), bytes("are you there"), .end,
            header(.continuation, fin: false), bytes("lo, "), .end,
            header(.continuation), bytes("λ"), .end,
        ])
        #expect(outputs == [.ping(ByteBuffer(string: "are you there")), .message(.text("Hello, λ"))])
    }

    @Test func deliversBinaryAndEmptyMessages() throws {
        let outputs = try feed([header(.binary), .payload(ByteBuffer(bytes: [0, 255])), .end, header(.text), .end, header(.pong), .end])
        #expect(outputs == [.message(.binary(ByteBuffer(bytes: [0, 255]))), .message(.text("")), .pong(ByteBuffer())])
    }

    @Test func refusesAContinuationWithoutAMessageAndANewMessageMidway() {
        #expect(throws: WebSocketProtocolError.protocolError("a continuation frame without a message to continue")) {
            try feed([header(.continuation), .end])
        }
        #expect(throws: WebSocketProtocolError.protocolError("a new message began before the previous one ended")) {
            try feed([header(.text, fin: false), bytes("a"), .end, header(.binary), .end])
        }
    }

    @Test func refusesBadTextAtTheFragmentThatHasIt() {
        let invalid = WebSocketProtocolError(code: .invalidPayloadData, reason: "text that is not UTF-8")
        #expect(throws: invalid) {
            // The first fragment is fine; the second carries the bad byte: refused there, before the message ends.
            try feed([header(.text, fin: false), bytes("fine"), .end, header(.continuation, fin: false), .payload(ByteBuffer(bytes: [0xC0, 0x80]))])
        }
        #expect(throws: WebSocketProtocolError(code: .invalidPayloadData, reason: "text that ends inside a UTF-8 character")) {
            try feed([header(.text), .payload(ByteBuffer(bytes: [0xE2, 0x82])), .end])
        }
    }

    @Test func refusesAMessageOverTheLimitAcrossFragments() {
        #expect(throws: WebSocketProtocolError(code: .messageTooBig, reason: "a message over the limit of 8 bytes")) {
            try feed([header(.binary, fin: false), bytes("12345"), .end, header(.continuation), bytes("6789"), .end], maxMessageSize: 8)
        }
    }

    @Test func readsCloseFrames() throws {
        var normal = ByteBuffer()
        normal.writeInteger(UInt16(1000))
        normal.writeString("bye λ")
        #expect(try WebSocketMessageAssembler.close(normal) == .close(code: .normalClosure, reason: "bye λ"))
        #expect(try WebSocketMessageAssembler.close(ByteBuffer()) == .close(code: .noStatusReceived, reason: ""))
        #expect(throws: WebSocketProtocolError.protocolError("a close frame of one byte")) {
            try WebSocketMessageAssembler.close(ByteBuffer(bytes: [3]))
        }
        for code: UInt16 in [0, 999, 1004, 1005, 1006, 1015, 2999, 5000] {
            var payload = ByteBuffer()
            payload.writeInteger(code)
            #expect(throws: WebSocketProtocolError.self, "code \(code)") { try WebSocketMessageAssembler.close(payload) }
        }
        var badReason = ByteBuffer()
        badReason.writeInteger(UInt16(1000))
        badReason.writeBytes([0xFF])
        #expect(throws: WebSocketProtocolError(code: .invalidPayloadData, reason: "a close reason that is not UTF-8")) {
            try WebSocketMessageAssembler.close(badReason)
        }
    }
}
