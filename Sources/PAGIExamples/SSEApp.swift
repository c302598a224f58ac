public import PAGI

extension ExampleApps {
    /// An event stream: a multi-line UTF-8 `welcome` event, then a `tick` event with the UTC
    /// time every `interval` (forever, or `ticks` times and then `sse.close`). Keep-alive
    /// comments every 15 seconds; stops when the client leaves. A plain HTTP request gets a
    /// page that subscribes with `EventSource`.
    public static func sse(interval: Duration = .seconds(1), ticks: Int? = nil) -> Application {
        { scope, receive, send in
            if case .http = scope { return try await sendPage(send) }
            guard case .sse = scope else { throw PAGIError.unsupportedScope(scope.type) }
            try await send(.sseStart(status: .ok))
            try await send(.sseKeepalive(interval: .seconds(15), comment: "keepalive"))
            try await send(.sseSend(data: "Welcome to PAGI 👋\nλ → streams of events\nΣ UTF-8 on every line", event: "welcome"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {  // Ends when the client leaves (or the stream is closed).
                    while true {
                        if case .sseDisconnect = try await receive() { return }
                    }
                }
                group.addTask {
                    var count = 0
                    while ticks.map({ count < $0 }) ?? true {
                        count += 1
                        try await send(.sseSend(data: utcTime(), event: "tick", id: String(count)))
                        try await Task.sleep(for: interval)
                    }
                    try await send(.sseClose(reason: "all ticks sent"))
                }
                _ = try await group.next()
                group.cancelAll()
            }
        }
    }

    private static func sendPage(_ send: Send) async throws {
        let page = """
            <!DOCTYPE html><meta charset="utf-8"><title>PAGI SSE</title><pre id="log"></pre>
            <script>const log = document.getElementById("log"); const source = new EventSource(location.pathname);
            for (const name of ["welcome", "tick"]) source.addEventListener(name, e => log.textContent += name + ": " + e.data + "\\n");</script>
            """
        try await send(.httpResponseStart(status: .ok, headers: ["content-type": "text/html; charset=utf-8"]))
        try await send(.httpResponseBody(page))
    }

    /// The current UTC time as `YYYY-MM-DDTHH:MM:SSZ`.
    static func utcTime() -> String {
        let time = UTCTime.now()
        return "\(time.year)-\(UTCTime.two(time.month))-\(UTCTime.two(time.day))T\(time.clock)Z"
    }
}
