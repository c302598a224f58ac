import PAGI
import PAGISimpleExamples
import PAGITesting
import Testing

/// The chat showcase in process: its WebSocket protocol, REST API and event feed.
@Suite struct ChatShowcaseTests {
    let app = SimpleExamples.chatShowcase()
    let client: TestClient

    init() { self.client = TestClient(app: self.app.application) }

    @Test func isRegistered() {
        #expect(SimpleExamples.all["10-chat-showcase"] != nil)
    }

    @Test func joiningWelcomesTheUserAndTellsTheRoom() async throws {
        let ada = try await self.client.websocket("/ws/chat?name=Ada")
        let welcome = try await ada.nextMessage()
        #expect(welcome.type == "connected" && welcome.name == "Ada" && welcome.user_id == "u1")
        #expect(welcome.roomNames == ["general", "help", "random"])
        let joined = try await ada.nextMessage()
        #expect(joined.type == "joined" && joined.room == "general" && joined.userNames == ["Ada"])
        #expect(joined.history?.last?.text == "Ada joined the room" && joined.history?.last?.type == "system")

        let bob = try await self.client.chatter("Bob")
        let arrival = try await ada.next("user_joined")
        #expect(arrival.room == "general" && arrival.user == "Bob" && arrival.userNames == ["Ada", "Bob"])

        // Names are cleaned, made unique, and never empty.
        for (asked, given) in [("Ada", "Ada1"), ("Bad%20name!", "Bad_name_"), ("", "Anonymous"), ("%C3%89mile", "Émile")] {
            let socket = try await self.client.websocket("/ws/chat?name=\(asked)")
            #expect(try await socket.nextMessage().name == given)
            try await socket.close()
        }
        let short = try await self.client.websocket("/ws/chat?name=x")
        #expect(try await short.nextMessage().name?.hasPrefix("User") == true)
        try await short.close()
        try await bob.close()
        try await ada.close()
    }

    @Test func linesReachEveryoneInTheRoomAndNobodyElse() async throws {
        let ada = try await self.client.chatter("Ada")
        let bob = try await self.client.chatter("Bob")
        try await ada.say("Hello, Bob")
        for socket in [ada, bob] {
            let line = try await socket.next("message")
            #expect(line.room == "general" && line.from == "Ada" && line.text == "Hello, Bob" && line.id != nil)
        }
        try await bob.say("/join lab")
        _ = try await bob.next("joined")
        try await bob.say("only the lab hears this", in: "lab")
        #expect(try await bob.next("message").text == "only the lab hears this")
        try await ada.say("back in general")
        // Ada's next message is her own line: nothing from the lab came before it.
        #expect(try await ada.nextMessage().text == "back in general")
        try await ada.say("sneaking in", in: "lab")
        #expect(try await ada.nextMessage().message == "You are not in room: lab")
        try await ada.say("   ")  // blank: ignored
        try await ada.send(json: #"{"type":"ping","ts":42}"#)
        let pong = try await ada.nextMessage()
        #expect(pong.type == "pong")
        try await bob.close()
        try await ada.close()
    }

    @Test func commands() async throws {
        let ada = try await self.client.chatter("Ada")
        try await ada.say("/help")
        let help = try await ada.nextMessage()
        #expect(help.type == "system" && help.text?.contains("/pm <user> <message> - Send private message") == true)
        try await ada.say("/rooms")
        #expect(try await ada.nextMessage().roomNames == ["general", "help", "random"])
        try await ada.say("/users")
        let users = try await ada.nextMessage()
        #expect(users.type == "user_list" && users.userNames == ["Ada"])
        try await ada.say("/join Lab Two")
        let joined = try await ada.nextMessage()
        #expect(joined.type == "joined" && joined.room == "lab_two")
        try await ada.say("/me waves", in: "lab_two")
        let action = try await ada.nextMessage()
        #expect(action.type == "action" && action.text == "* Ada waves" && action.room == "lab_two")
        try await ada.say("/leave", in: "lab_two")
        #expect(try await ada.nextMessage().type == "left")
        try await ada.say("/leave")
        #expect(try await ada.nextMessage().message == "You cannot leave the general room")
        try await ada.say("/join")
        #expect(try await ada.nextMessage().message == "Usage: /join <room>")
        try await ada.say("/join general")
        #expect(try await ada.nextMessage().message == "You are already in room: general")
        try await ada.say("/dance")
        #expect(try await ada.nextMessage().message == "Unknown command: /dance. Type /help for available commands.")
        try await ada.say("/ not a command")
        #expect(try await ada.nextMessage().text == "/ not a command")
        try await ada.close()
    }

    @Test func privateMessagesReachOnlyTheirRecipient() async throws {
        let ada = try await self.client.chatter("Ada")
        let bob = try await self.client.chatter("Bob")
        let cy = try await self.client.chatter("Cy")
        try await ada.say("/pm Bob the key is under the mat")
        let received = try await bob.next("pm")
        #expect(received.from == "Ada" && received.text == "the key is under the mat")
        let receipt = try await ada.next("pm_sent")
        #expect(receipt.to == "Bob" && receipt.text == "the key is under the mat")
        try await ada.send(json: #"{"type":"pm","to":"Cy","text":"hi Cy"}"#)
        #expect(try await cy.next("pm").text == "hi Cy")
        try await ada.say("/pm Nobody hello")
        #expect(try await ada.next("error").message == "User not found: Nobody")
        try await ada.say("/pm Bob")
        #expect(try await ada.next("error").message == "Usage: /pm <user> <message>")
        // Bob heard nothing of Ada's line to Cy: his next message is the next public line.
        try await cy.say("public again")
        #expect(try await bob.nextMessage().text == "public again")
        for socket in [cy, bob, ada] { try await socket.close() }
    }

    @Test func nicknamesChangeEverywhere() async throws {
        let ada = try await self.client.chatter("Ada")
        let bob = try await self.client.chatter("Bob")
        try await ada.say("/nick Ace")
        let mine = try await ada.next("nick_changed")
        #expect(mine.old_name == "Ada" && mine.new_name == "Ace" && mine.room == nil)
        let theirs = try await bob.next("nick_changed")
        #expect(theirs.room == "general" && theirs.new_name == "Ace" && theirs.userNames == ["Ace", "Bob"])
        try await bob.send(json: #"{"type":"set_nick","name":"Ace"}"#)
        #expect(try await bob.next("nick_changed").new_name == "Ace1")
        try await bob.say("/nick !")
        #expect(try await bob.next("error").message == "A nickname needs at least 2 letters, digits or '_'")
        try await ada.say("as Ace")
        #expect(try await bob.next("message").from == "Ace")
        let history = try await self.client.get("/api/room/general/history").json(as: [ChatWire.Line].self)
        #expect(history.map(\.text).contains("Ada is now known as Ace"))
        try await bob.close()
        try await ada.close()
    }

    @Test func typingIsShownUntilTheLineIsSent() async throws {
        let ada = try await self.client.chatter("Ada")
        let bob = try await self.client.chatter("Bob")
        try await ada.send(json: #"{"type":"typing","room":"general","typing":true}"#)
        let typing = try await bob.next("typing")
        #expect(typing.user == "Ada" && typing.typing == true)
        let users = try await self.client.get("/api/room/general/users").json(as: [ChatWire.User].self)
        #expect(users == [ChatWire.User(id: "u1", name: "Ada", typing: true), ChatWire.User(id: "u2", name: "Bob", typing: false)])
        try await ada.say("done typing")
        #expect(try await bob.nextMessage().typing == false)
        #expect(try await bob.nextMessage().text == "done typing")
        try await bob.close()
        try await ada.close()
    }

    @Test func historyKeepsTheLast100Lines() async throws {
        let ada = try await self.client.chatter("Ada")
        for number in 1...105 {
            try await ada.say("line \(number)")
            _ = try await ada.next("message")
        }
        let history = try await self.client.get("/api/room/general/history").json(as: [ChatWire.Line].self)
        #expect(history.count == 100 && history.first?.text == "line 6" && history.last?.text == "line 105")
        try await ada.send(json: #"{"type":"get_history","room":"general"}"#)
        #expect(try await ada.nextMessage().messages?.map(\.text) == history.map(\.text))
        // A newcomer sees the last 50.
        let bob = try await self.client.websocket("/ws/chat?name=Bob")
        _ = try await bob.next("connected")
        let lobby = try await bob.nextMessage().history ?? []
        #expect(lobby.count == 50 && lobby.last?.text == "Bob joined the room")
        try await bob.send(json: #"{"type":"leave","room":"random"}"#)
        #expect(try await bob.nextMessage().message == "You are not in room: random")
        try await bob.send(json: #"{"type":"join","room":"random"}"#)
        #expect(try await bob.next("joined").history?.map(\.text) == ["Bob joined the room"])
        try await bob.close()
        try await ada.close()
    }

    @Test func badRequestsGetClearErrors() async throws {
        let ada = try await self.client.chatter("Ada")
        let hint = #"Send JSON text messages, such as {"type":"message","room":"general","text":"Hello!"}"#
        try await ada.send(text: "hello?")
        #expect(try await ada.nextMessage().message == hint)
        try await ada.send(binary: .init(string: "{}"))
        #expect(try await ada.nextMessage().message == hint)
        try await ada.send(json: #"{"type":"dance"}"#)
        #expect(try await ada.nextMessage().message == "Unknown message type: dance")
        try await ada.send(json: #"{"type":"join"}"#)
        #expect(try await ada.nextMessage().message == "A room name needs at least 2 letters, digits, '-' or '_'")
        try await ada.say(String(repeating: "x", count: 2001))
        #expect(try await ada.nextMessage().message == "A message can have at most 2000 characters")
        try await ada.send(json: #"{"type":"get_users","room":"nowhere"}"#)
        #expect(try await ada.nextMessage().message == "No such room: nowhere")
        try await ada.close()
    }
}

/// The showcase's feed, REST API, page, clean-up and lifespan.
@Suite struct ChatShowcaseFeedTests {
    let app = SimpleExamples.chatShowcase()
    let client: TestClient

    init() { self.client = TestClient(app: self.app.application) }

    @Test func theFeedCarriesPresenceRoomsAndEveryChatLine() async throws {
        let feed = try await self.client.sse("/events")
        let first = try #require(try await feed.next())
        #expect(first.event == "stats" && first.id == nil)
        #expect(try first.json(ChatStatsWire.self).sse_subscribers == 1)

        let ada = try await self.client.chatter("Ada")
        let connected = try await feed.nextNews()
        #expect(connected.event == "user_connected" && connected.id == "1")
        #expect(try connected.json(FeedWire.self) == FeedWire(user: "Ada", count: 1))
        let stats = try #require(try await feed.next())
        #expect(try stats.event == "stats" && stats.json(ChatStatsWire.self).users_online == 1)

        // Ada reads her own answers as she goes: the test client holds one unread message.
        try await ada.say("Hello, feed")
        _ = try await ada.next("message")
        let line = try await feed.nextNews()
        #expect(line.event == "message" && line.id == "2")
        #expect(try line.json(FeedWire.self) == FeedWire(room: "general", from: "Ada", text: "Hello, feed", type: "message"))
        try await ada.say("/join lab")
        _ = try await ada.next("joined")
        let created = try await feed.nextNews()
        #expect(try created.event == "room_created" && created.json(FeedWire.self) == FeedWire(room: "lab", created_by: "Ada"))
        try await ada.say("/me hums", in: "lab")
        _ = try await ada.next("action")
        #expect(try await feed.nextNews().json(FeedWire.self).type == "action")
        try await ada.say("/leave", in: "lab")
        _ = try await ada.next("left")
        let deleted = try await feed.nextNews()
        #expect(deleted.event == "room_deleted" && deleted.id == "5")
        try await ada.close()
        let gone = try await feed.nextNews()
        #expect(try gone.event == "user_disconnected" && gone.json(FeedWire.self) == FeedWire(user: "Ada", count: 0))

        // A page coming back gets what it missed after its Last-Event-ID, then fresh statistics.
        let back = try await self.client.sse("/events", headers: ["last-event-id": "3"])
        var replayed: [String] = []
        for _ in 0..<4 { replayed.append(try #require(try await back.next()).event) }
        #expect(replayed == ["message", "room_deleted", "user_disconnected", "stats"])  // ids 4, 5, 6
        try await back.disconnect()
        try await feed.disconnect()
    }

    @Test func leavingCleansUpUsersRoomsAndSubscribers() async throws {
        let pubsub = self.app.pubsub
        let feed = try await self.client.sse("/events")
        _ = try await feed.next()
        let ada = try await self.client.chatter("Ada")
        let bob = try await self.client.chatter("Bob")
        try await ada.say("/join lab")
        _ = try await ada.next("joined")
        #expect(pubsub.subscriberCount(channel: "room:general") == 2)
        #expect(pubsub.subscriberCount(channel: "room:lab") == 1)
        #expect(pubsub.subscriberCount(channel: "user:u1") == 1)
        #expect(pubsub.subscriberCount(channel: "chat:feed") == 1)

        try await ada.close()
        let left = try await bob.next("user_left")
        #expect(left.user == "Ada" && left.room == "general" && left.userNames == ["Bob"])
        try await eventually { pubsub.subscriberCount(channel: "room:lab") == 0 && pubsub.subscriberCount(channel: "user:u1") == 0 }
        #expect(pubsub.subscriberCount(channel: "room:general") == 1)
        #expect(try await self.client.get("/api/rooms").json(as: [ChatWire.Room].self).map(\.name) == ["general", "help", "random"])
        #expect(try await self.client.get("/api/stats").json(as: ChatStatsWire.self).users_online == 1)

        try await bob.drop()  // gone without a close handshake
        try await eventually { pubsub.channels == ["chat:feed"] }
        #expect(try await self.client.get("/api/room/general/users").json(as: [ChatWire.User].self).isEmpty)
        try await feed.disconnect()
        try await eventually { pubsub.channels.isEmpty }
        let stats = try await self.client.get("/api/stats").json(as: ChatStatsWire.self)
        #expect(stats.users_online == 0 && stats.sse_subscribers == 0 && stats.rooms_count == 3)
    }

    @Test func theRESTAPI() async throws {
        let rooms = try await self.client.get("/api/rooms")
        #expect(rooms.headers["content-type"] == "application/json" && rooms.headers["cache-control"] == "no-cache")
        #expect(try rooms.json(as: [ChatWire.Room].self) == ["general", "help", "random"].map { ChatWire.Room(name: $0, users: 0) })
        let ada = try await self.client.chatter("Ada")
        #expect(try await self.client.get("/api/rooms").json(as: [ChatWire.Room].self).first == ChatWire.Room(name: "general", users: 1))
        #expect(try await self.client.get("/api/room/general/users").json(as: [ChatWire.User].self) == [ChatWire.User(id: "u1", name: "Ada", typing: false)])
        #expect(try await self.client.get("/api/room/general/history").json(as: [ChatWire.Line].self).map(\.text) == ["Ada joined the room"])
        let stats = try await self.client.get("/api/stats").json(as: ChatStatsWire.self)
        #expect(stats.users_online == 1 && stats.rooms_count == 3 && stats.messages_total == 1 && stats.sse_subscribers == 0 && stats.uptime >= 0)
        for path in ["/api/room/nowhere/history", "/api/room/nowhere/users"] {
            let missing = try await self.client.get(path)
            #expect(missing.status == .notFound && missing.text == #"{"error":"Room not found"}"#)
        }
        for path in ["/api/unknown", "/nothing/here"] {
            let missing = try await self.client.get(path)
            #expect(missing.status == .notFound && missing.text == #"{"error":"Not found"}"#)
        }
        try await ada.close()
    }

    @Test func thePageItsAssetsAndHintsForTheStreams() async throws {
        for (path, type, marker) in [
            ("/", "text/html; charset=utf-8", #"<script src="/js/app.js"></script>"#),
            ("/css/style.css", "text/css; charset=utf-8", "prefers-color-scheme: dark"),
            ("/js/app.js", "text/javascript; charset=utf-8", "new EventSource('/events')"),
        ] {
            let response = try await self.client.get(path)
            #expect(response.status == .ok && response.headers["content-type"] == type && response.text.contains(marker))
            #expect(response.headers["x-content-type-options"] == "nosniff")
        }
        #expect(try await self.client.get("/js/app.js").text.contains("/ws/chat?name=${encodeURIComponent(chat.name)}"))
        #expect(try await self.client.get("/ws/chat").status == .upgradeRequired)
        #expect(try await self.client.get("/events").status == .notAcceptable)
    }

    @Test func theLifespanStartsAndStopsPromptly() async throws {
        try await self.client.startup()
        let feed = try await self.client.sse("/events")
        #expect(try await feed.next()?.event == "stats")
        try await feed.disconnect()
        let clock = ContinuousClock()
        let started = clock.now
        try await self.client.shutdown()
        // The statistics ticker ends with the lifespan instead of waiting out its grace period.
        #expect(clock.now - started < .seconds(3))
    }
}
