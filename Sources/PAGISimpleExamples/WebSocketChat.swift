import PAGI
import PAGISimple

extension SimpleExamples {
    /// simple-03-websocket: a chat page, rooms at `/ws/:room` (a numbered user per
    /// connection; joins, messages and departures broadcast to the room as JSON), and an echo
    /// socket at `/echo`.
    static var webSocketChat: SimpleApp {
        let app = SimpleApp(name: "WebSocket Chat")

        app.get("/") { _ in .html(chatPage) }

        app.websocket("/ws/:room") { ws in
            let room = "room:" + (ws.parameter("room") ?? "general")
            let user = "User \(Int.random(in: 0..<10_000))"
            try await ws.join(room)
            ws.context.stash["user"] = user
            try await ws.broadcast(json: ChatLine(type: "system", user: nil, text: "\(user) joined the room"), to: room)
            for try await message in ws.messages {
                // Anything but JSON with some text is ignored, as in the original.
                guard let text = (try? message.decodeJSON(Incoming.self))?.text, !text.isEmpty else { continue }
                try await ws.broadcast(json: ChatLine(type: "chat", user: user, text: text), to: room)
            }
            try await ws.broadcastToOthers(json: ChatLine(type: "system", user: nil, text: "\(user) left the room"), to: room)
        }

        app.websocket("/echo") { ws in
            for try await message in ws.messages {
                switch message {
                case .text(let text): try await ws.send("Echo: \(text)")
                case .binary(let bytes): try await ws.send(bytes)
                }
            }
        }
        return app
    }

    private struct Incoming: Decodable { let text: String? }

    private struct ChatLine: Encodable {
        let type: String
        let user: String?
        let text: String
    }

    private static let chatPage = """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>WebSocket Chat</title>
        <style>.message { margin: 5px 0; } .system { color: #888; font-style: italic; }</style>
        </head><body>
        <h1>WebSocket Chat</h1>
        <div id="messages"></div>
        <input type="text" id="input" placeholder="Type a message..." style="width: 300px;">
        <button id="send">Send</button>
        <script>
        const ws = new WebSocket(`ws://${location.host}/ws/general`);
        const messages = document.getElementById('messages');
        const input = document.getElementById('input');
        ws.onmessage = function(e) {
            const data = JSON.parse(e.data);
            const div = document.createElement('div');
            div.className = 'message ' + (data.type || 'chat');
            div.textContent = data.type === 'system' ? data.text : `${data.user}: ${data.text}`;
            messages.appendChild(div);
        };
        document.getElementById('send').onclick = function() {
            if (input.value) {
                ws.send(JSON.stringify({ type: 'chat', text: input.value }));
                input.value = '';
            }
        };
        input.onkeypress = function(e) { if (e.key === 'Enter') document.getElementById('send').click(); };
        </script>
        </body></html>

        """
}
