import NIOCore
import PAGI
import Synchronization
import Testing

/// A `receive` that returns the given events in order, then `http.disconnect`.
func scriptedReceive(_ events: [InboundEvent]) -> Receive {
    let remaining = Mutex(events)
    return {
        remaining.withLock { $0.isEmpty ? .httpDisconnect(reason: nil) : $0.removeFirst() }
    }
}

@Suite struct ReadBodyTests {
    @Test func joinsThePieces() async throws {
        let receive = scriptedReceive([
            .httpRequest(ByteBuffer(string: "hel"), more: true),
            .httpRequest(ByteBuffer(string: "lo"), more: true),
            .httpRequest(ByteBuffer(), more: false),
        ])
        #expect(String(buffer: try await readBody(from: receive)) == "hello")
    }

    @Test func readsSSERequestBodies() async throws {
        let receive = scriptedReceive([.sseRequest(ByteBuffer(string: "{}"), more: false)])
        #expect(String(buffer: try await readBody(from: receive)) == "{}")
    }

    @Test func aDisconnectIsAnError() async {
        let receive = scriptedReceive([.httpRequest(ByteBuffer(string: "par"), more: true), .httpDisconnect(reason: .clientClosed)])
        await #expect(throws: PAGIError.clientDisconnected) { try await readBody(from: receive) }
    }

    @Test func theLimitStopsEarly() async {
        let receive = scriptedReceive([
            .httpRequest(ByteBuffer(string: "12345"), more: true),
            .httpRequest(ByteBuffer(string: "67890"), more: true),
        ])
        await #expect(throws: PAGIError(.bodyTooLarge, "The request body is larger than 8 bytes")) {
            try await readBody(from: receive, limit: 8)
        }
    }
}
