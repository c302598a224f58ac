import PAGI
import PAGISimple
import Synchronization

extension SimpleExamples {
    /// simple-04-sse: server-sent notifications. `/events` streams the `notifications`
    /// channel (after a welcome event), `/events/:user` a user's own channel; `POST /trigger`,
    /// `/broadcast` and `/notify/:user` publish to them and say how many listeners got it.
    static var notifications: SimpleApp {
        let app = SimpleApp(name: "SSE Notifications")
        let ids = EventIDs()

        app.get("/") { _ in .html(notificationsPage) }

        app.sse("/events") { stream in
            try await stream.subscribe("notifications")
            try await stream.send("Connected to notifications", event: "notification", id: ids.next())
        }

        app.sse("/events/:user") { stream in
            let user = stream.parameter("user") ?? ""
            try await stream.subscribe("user:\(user)")
            try await stream.send(json: Welcome(message: "Welcome, \(user)!", user: user), event: "welcome", id: ids.next())
        }

        app.post("/trigger") { context in
            let text = try await context.json(as: Notice.self).text ?? ""
            try await context.pubsub.publish(.text(text), to: "notifications")
            return try .json(Triggered(success: 1, published: text))
        }

        app.post("/notify/:user") { context in
            let text = try await context.json(as: Notice.self).text ?? ""
            let count = try await context.pubsub.publish(.text(text), to: "user:\(context.parameter("user") ?? "")")
            return try .json(Delivered(success: count > 0 ? 1 : 0, recipients: count))
        }

        app.post("/broadcast") { context in
            let text = try await context.json(as: Notice.self).text ?? ""
            let count = try await context.pubsub.publish(.text(text), to: "notifications")
            return try .json(Delivered(success: 1, recipients: count))
        }
        return app
    }

    /// Event ids, counting up across every stream.
    private final class EventIDs: Sendable {
        private let last = Atomic<Int>(0)
        func next() -> String { String(self.last.add(1, ordering: .relaxed).newValue) }
    }

    private struct Notice: Decodable { let type: String?; let text: String? }
    private struct Welcome: Encodable { let message: String; let user: String }
    private struct Triggered: Encodable { let success: Int; let published: String }
    private struct Delivered: Encodable { let success: Int; let recipients: Int }

    private static let notificationsPage = """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>SSE Notifications</title>
        <style>.event { margin: 5px 0; padding: 5px; background: #f0f0f0; }
        .event.notification { background: #ffe0e0; } .event.update { background: #e0ffe0; }
        .event.alert { background: #ffe0e0; font-weight: bold; }</style>
        </head><body>
        <h1>SSE Notifications</h1>
        <div id="events"></div>
        <p>
        <button onclick="sendNotification('notification', 'New message!')">Send Notification</button>
        <button onclick="sendNotification('update', 'Data updated')">Send Update</button>
        <button onclick="sendNotification('alert', 'Alert!')">Send Alert</button>
        </p>
        <script>
        const events = document.getElementById('events');
        const es = new EventSource('/events');
        for (const type of ['notification', 'update', 'alert']) {
            es.addEventListener(type, e => addEvent(type, e.data, e.lastEventId));
        }
        es.onmessage = e => addEvent('message', e.data, e.lastEventId);
        es.onerror = () => addEvent('error', 'Connection lost', '');
        function addEvent(type, data, id) {
            const div = document.createElement('div');
            div.className = 'event ' + type;
            div.textContent = `[${type}] ${data}` + (id ? ` (id: ${id})` : '');
            events.appendChild(div);
        }
        function sendNotification(type, text) {
            fetch('/trigger', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ type, text }) });
        }
        </script>
        </body></html>

        """
}
