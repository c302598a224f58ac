import HTTPTypes
import NIOCore
import PAGI
import PAGIMiddleware
import PAGITesting
import Testing

@Suite struct DebugTests {
    static func page(_ type: String, _ body: String, length: Bool = true) -> Application {
        { _, _, send in
            var headers: Headers = ["content-type": ByteString(type)]
            if length { headers.append(.contentLength, ByteString(String(body.utf8.count))) }
            try await send(.httpResponseStart(status: .ok, headers: headers))
            try await send(.httpResponseBody(ByteBuffer(string: body)))
        }
    }

    @Test func thePanelGoesBeforeTheEndOfTheBody() async throws {
        let client = TestClient(app: Debug(enabled: true).wrap(Self.page("text/html; charset=utf-8", "<html><BODY><p>hi</p></BODY></html>")))
        let response = try await client.get("/shop?q=a&b=c", headers: ["x-secret": "a&b"])
        #expect(response.text.hasPrefix("<html><BODY><p>hi</p><div id=\"pagi-debug\"") && response.text.hasSuffix("</div></BODY></html>"))
        #expect(response.text.contains("<td>path</td><td>/shop</td>") && response.text.contains("<td>query</td><td>q=a&amp;b=c</td>"))
        #expect(response.text.contains("<td>x-secret</td><td>a&amp;b</td>") && response.text.contains(" ms · 200"))
        #expect(response.headers.first(.contentLength) == ByteString(String(response.body.readableBytes)))
    }

    @Test func optionsAndWhatItLeavesAlone() async throws {
        let quiet = TestClient(app: Debug(enabled: true, showHeaders: false, showScope: false, showTiming: false).wrap(Self.page("text/html", "<p>x</p>", length: false)))
        #expect(try await quiet.get("/").text == #"<p>x</p><div id="pagi-debug" style="font: 12px monospace; background: #222; color: #eee; padding: 8px; margin-top: 16px"><strong>PAGI debug</strong> · 200</div>"#)
        #expect(try await TestClient(app: Debug().wrap(Self.page("text/html", "<p>x</p>"))).get("/").text == "<p>x</p>")
        #expect(try await TestClient(app: Debug(enabled: true).wrap(Self.page("application/json", "{}"))).get("/").text == "{}")
        // A page streamed past maxBodySize goes out as it comes, without a panel.
        let streamed: Application = { _, _, send in
            try await send(.httpResponseStart(status: .ok, headers: ["content-type": "text/html"]))
            try await send(.httpResponseBody(ByteBuffer(string: String(repeating: "a", count: 8)), more: true))
            try await send(.httpResponseBody(ByteBuffer(string: String(repeating: "b", count: 8)), more: true))
            try await send(.httpResponseBody(ByteBuffer(string: "c")))
        }
        #expect(try await TestClient(app: Debug(enabled: true, maxBodySize: 10).wrap(streamed)).get("/").text == "aaaaaaaabbbbbbbbc")
    }
}
