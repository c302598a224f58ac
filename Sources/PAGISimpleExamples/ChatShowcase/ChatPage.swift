import PAGI
import PAGISimple

/// The page: HTML, a stylesheet and a script, kept in the binary as string literals so that
/// `pagi-server` serves the showcase from wherever it is run, with no files to find. Each
/// goes out with its own type (`text/html`, `text/css`, `text/javascript`, all UTF-8) and
/// `nosniff`, so that the browser takes it for exactly that.
enum ChatPage {
    static func serve(in app: SimpleApp) {
        app.get("/") { _ in asset(html, type: "text/html; charset=utf-8") }
        app.get("/css/style.css") { _ in asset(style, type: "text/css; charset=utf-8") }
        app.get("/js/app.js") { _ in asset(script, type: "text/javascript; charset=utf-8") }
    }

    private static func asset(_ text: String, type: String) -> Response {
        var response = Response.text(text).header(.cacheControl, "no-cache").header("x-content-type-options", "nosniff")
        response.headers.replace(.contentType, with: ByteString(type))
        return response
    }

    static let html = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>PAGI Chat</title>
        <link rel="stylesheet" href="/css/style.css">
        </head>
        <body>
        <header class="top">
          <h1>PAGI Chat</h1>
          <span class="status" id="ws-status" data-state="closed">chat: offline</span>
          <span class="status" id="sse-status" data-state="connecting">feed: connecting</span>
        </header>

        <section id="login" class="login">
          <form id="login-form">
            <label for="name">Choose a name</label>
            <input id="name" name="name" maxlength="20" autocomplete="off" placeholder="Your name" required>
            <button id="join-button" type="submit">Join the chat</button>
          </form>
          <p class="hint">A WebSocket carries the chat, server-sent events the activity feed, and a REST API the lists.</p>
        </section>

        <main id="chat" class="chat" hidden>
          <aside class="sidebar">
            <p class="me">You are <strong id="me">?</strong></p>
            <h2>Rooms</h2>
            <ul id="rooms" class="list"></ul>
            <form id="new-room-form" class="inline">
              <input id="room-name" maxlength="30" placeholder="new-room" autocomplete="off">
              <button type="submit">Join</button>
            </form>
            <h2>In this room</h2>
            <ul id="users" class="list"></ul>
          </aside>

          <section class="room">
            <div class="room-head">
              <h2 id="room-title">#general</h2>
              <button id="leave" type="button" hidden>Leave</button>
            </div>
            <div id="messages" class="messages" aria-live="polite"></div>
            <div id="typing" class="typing"></div>
            <form id="composer" class="composer">
              <input id="message-input" maxlength="1000" autocomplete="off" placeholder="Message, or /help for commands">
              <button id="send" type="submit">Send</button>
            </form>
          </section>
        </main>

        <aside class="activity">
          <h2>Activity</h2>
          <dl class="stats">
            <div><dt>Online</dt><dd id="stat-users">0</dd></div>
            <div><dt>Rooms</dt><dd id="stat-rooms">0</dd></div>
            <div><dt>Messages</dt><dd id="stat-messages">0</dd></div>
            <div><dt>Up</dt><dd id="stat-uptime">0s</dd></div>
          </dl>
          <ol id="feed" class="feed"></ol>
        </aside>
        <script src="/js/app.js"></script>
        </body>
        </html>

        """
}
