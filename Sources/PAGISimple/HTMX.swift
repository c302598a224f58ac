#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PAGI
import PAGIMiddleware

/// What htmx (htmx.org) says about a request through its `HX-*` header fields.
public struct HTMXRequest: Sendable {
    let headers: Headers

    /// `HX-Request: true`: htmx made the request (answer with a fragment, not a whole page).
    public var isHTMX: Bool { self.flag("hx-request") }
    /// `HX-Boosted`: a boosted link or form (`hx-boost`).
    public var isBoosted: Bool { self.flag("hx-boosted") }
    /// `HX-History-Restore-Request`: htmx restores history after a cache miss (send the whole page).
    public var isHistoryRestore: Bool { self.flag("hx-history-restore-request") }
    /// `HX-Target`: the `id` of the target element.
    public var target: String? { self.headers.first("hx-target")?.text }
    /// `HX-Trigger`: the `id` of the element that triggered the request.
    public var trigger: String? { self.headers.first("hx-trigger")?.text }
    /// `HX-Trigger-Name`: the `name` of the element that triggered the request.
    public var triggerName: String? { self.headers.first("hx-trigger-name")?.text }
    /// `HX-Current-URL`: the browser's URL.
    public var currentURL: String? { self.headers.first("hx-current-url")?.text }
    /// `HX-Prompt`: the user's answer to an `hx-prompt`.
    public var prompt: String? { self.headers.first("hx-prompt")?.text }

    private func flag(_ name: HeaderName) -> Bool {
        self.headers.first(name)?.text == "true"
    }
}

extension Context {
    /// The request's htmx header fields.
    public var htmx: HTMXRequest { HTMXRequest(headers: self.headers) }

    /// Whether htmx made the request (`HX-Request: true`).
    public var isHTMX: Bool { self.htmx.isHTMX }
}

extension Response {
    /// With `HX-Trigger`: htmx fires `event` in the browser. Triggers add up: names alone
    /// make a list (`a, b`), and once one has a detail the field becomes a JSON object.
    public func htmxTrigger(_ event: String) -> Response {
        self.addingTrigger(event, detailJSON: nil)
    }

    /// With `HX-Trigger`: htmx fires `event` with `detail` (any `Encodable`, as JSON) as the
    /// event's detail.
    public func htmxTrigger(_ event: String, detail: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return self.addingTrigger(event, detailJSON: String(decoding: try encoder.encode(detail), as: UTF8.self))
    }

    /// With `HX-Redirect`: htmx navigates the whole page to `location`.
    public func htmxRedirect(to location: String) -> Response {
        self.header("hx-redirect", location)
    }

    /// With `HX-Refresh: true`: htmx reloads the whole page.
    public func htmxRefresh() -> Response {
        self.header("hx-refresh", "true")
    }

    private func addingTrigger(_ event: String, detailJSON: String?) -> Response {
        let existing = self.headers.first("hx-trigger")?.text ?? ""
        let value: String
        if existing.isEmpty {
            value = detailJSON.map { "{\(Self.jsonString(event)):\($0)}" } ?? event
        } else if existing.hasPrefix("{"), existing.hasSuffix("}") {
            value = existing.dropLast() + ",\(Self.jsonString(event)):\(detailJSON ?? "null")}"
        } else if let detailJSON {
            // A name list becomes an object: the earlier names with no detail.
            let names = existing.split(separator: ",").map { "\(Self.jsonString(String($0.trimmingSpaces))):null" }
            value = "{" + (names + ["\(Self.jsonString(event)):\(detailJSON)"]).joined(separator: ",") + "}"
        } else {
            value = existing + ", " + event
        }
        var copy = self
        copy.headers.remove("hx-trigger")
        copy.headers.append("hx-trigger", ByteString(value))
        return copy
    }

    private static func jsonString(_ text: String) -> String {
        String(decoding: (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
    }
}
