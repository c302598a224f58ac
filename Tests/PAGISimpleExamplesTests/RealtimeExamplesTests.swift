import NIOCore
import PAGI
import PAGISimpleExamples
import PAGITesting
import Testing

@Suite struct WebSocketChatExampleTests {
    let client = TestClient(app: SimpleExamples.all["simple-03-websocket"]!)

    /// The "User N" a system line names.
    static func user(in line: String) throws -> String {
        String(try #require(line.firstMatch(of: /User \d+/)).output)
    }

    @Test func aRoomHearsJoinsMessagesAndDepartures() async throws {
        let ann = try await self.client.websocket("/ws/lobby")
        let annJoined = try await ann.receiveText()
        #expect(annJoined.hasPrefix(#"{"text":"User "#) && annJoined.hasSuffix(#" joined the room","type":"system"}"#))
        let bob = try await self.client.websocket("/ws/lobby")
        let bobJoined = try await ann.receiveText()
        #expect(try await bob.receiveText() == bobJoined)
        let bobName = try Self.user(in: bobJoined)
        try await bob.send(text: #"{"type":"chat","text":"hello"}"#)
        let chat = #"{"text":"hello","type":"chat","user":"\#(bobName)"}"#
        #expect(try await ann.receiveText() == chat)
        #expect(try await bob.receiveText() == chat)
        // Not JSON, or no text: ignored.
        try await bob.send(text: "plain words")
        try await bob.send(text: #"{"type":"chat"}"#)
        try await bob.close()
        #expect(try await ann.receiveText() == #"{"text":"\#(bobName) left the room","type":"system"}"#)
        // Another room hears nothing of this one.
        let eve = try await self.client.websocket("/ws/other")
        #expect(try await eve.receiveText().contains("joined the room"))
        try await ann.send(text: #"{"text":"lobby only"}"#)
        #expect(try await ann.receiveText().contains("lobby only"))
        try await eve.close()
        try await ann.close()
    }

    @Test func echo() async throws {
        let socket = try await self.client.websocket("/echo")
        try await socket.send(text: "hi")
        #expect(try await socket.receiveText() == "Echo: hi")
        try await socket.send(binary: ByteBuffer(bytes: [7, 8]))
        #expect(try await socket.receiveBinary() == ByteBuffer(bytes: [7, 8]))
        try await socket.close()
        #expect(try await self.client.get("/").text.contains("new WebSocket(`ws://${location.host}/ws/general`)"))
    }
}

@Suite struct NotificationsExampleTests {
    let client = TestClient(app: SimpleExamples.all["simple-04-sse"]!)
    static let json: Headers = ["content-type": "application/json"]

    @Test func notificationsReachEveryListener() async throws {
        let first = try await self.client.sse("/events")
        let welcome = try #require(try await first.next())
        #expect(welcome.data == "Connected to notifications" && welcome.event == "notification" && welcome.id != nil)
        let second = try await self.client.sse("/events")
        _ = try await second.next()
        let triggered = try await self.client.post("/trigger", headers: Self.json, body: .text(#"{"type":"alert","text":"Alert!"}"#))
        #expect(triggered.text == #"{"published":"Alert!","success":1}"#)
        #expect(try await first.next()?.data == "Alert!")
        #expect(try await second.next()?.data == "Alert!")
        #expect(try await self.client.post("/broadcast", headers: Self.json, body: .text(#"{"text":"to all"}"#)).text == #"{"recipients":2,"success":1}"#)
        #expect(try await first.next()?.data == "to all")
        try await first.disconnect()
        try await second.disconnect()
        #expect(try await self.client.post("/broadcast", headers: Self.json, body: .text(#"{"text":"nobody"}"#)).text == #"{"recipients":0,"success":1}"#)
    }

    @Test func aUsersOwnChannel() async throws {
        let ada = try await self.client.sse("/events/ada")
        let welcome = try #require(try await ada.next())
        #expect(welcome.event == "welcome" && welcome.data == #"{"message":"Welcome, ada!","user":"ada"}"#)
        #expect(try await self.client.post("/notify/ada", headers: Self.json, body: .text(#"{"text":"for ada"}"#)).text == #"{"recipients":1,"success":1}"#)
        #expect(try await ada.next()?.data == "for ada")
        #expect(try await self.client.post("/notify/bob", headers: Self.json, body: .text(#"{"text":"for bob"}"#)).text == #"{"recipients":0,"success":0}"#)
        try await ada.disconnect()
        #expect(try await self.client.get("/").text.contains("new EventSource('/events')"))
    }
}
