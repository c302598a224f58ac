import PAGI
import Testing

@Suite struct RequestScopeTests {
    @Test func aCopyChangedBelowLeavesTheCallersScopeAlone() {
        let original = RequestScope(method: .get, path: "/app/items", headers: ["accept": "text/html"])
        var copy = original
        copy.path = "/items"
        copy.rootPath = "/app"
        copy.headers.append("x-seen", "1")
        copy.custom[ScopeKey<String>("test.user")] = "ann"
        #expect(original.path == "/app/items" && original.rootPath == "")
        #expect(original.headers.count == 1 && original.custom[ScopeKey<String>("test.user")] == nil)
        #expect(copy.path == "/items" && copy.rootPath == "/app")
        #expect(copy.headers.count == 2 && copy.custom[ScopeKey<String>("test.user")] == "ann")
    }

    @Test func aCopyInsideAnEnumIsAValueToo() {
        let request = RequestScope(path: "/")
        let scope = Scope.http(request)
        guard case .http(var inner) = scope else { Issue.record("not http"); return }
        inner.headers.append("host", "example.com")
        guard case .http(let again) = scope else { Issue.record("not http"); return }
        #expect(again.headers.isEmpty && inner.headers.count == 1)
    }
}
