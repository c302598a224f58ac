import PAGI
import Synchronization
import Testing

struct Tag: Middleware {
    let name: String
    let log: CallLog

    func wrap(_ app: @escaping Application) -> Application {
        self.log.add("wrap \(self.name)")
        return { scope, receive, send in
            self.log.add("enter \(self.name)")
            var copy = scope
            copy.request?.rootPath += "/\(self.name)"
            try await app(copy, receive, send)
            self.log.add("leave \(self.name)")
        }
    }
}

@Suite struct MiddlewareTests {
    @Test func theFirstMiddlewareIsTheOutermostAndWrappingHappensOnce() async throws {
        let log = CallLog()
        let seen = Mutex<String?>(nil)
        let app = compose(Tag(name: "a", log: log), Tag(name: "b", log: log)) { scope, _, _ in
            seen.withLock { $0 = scope.request?.rootPath }
        }
        #expect(log.all == ["wrap b", "wrap a"])
        let scope = Scope.http(RequestScope())
        for _ in 0..<3 {
            try await app(scope, { .httpDisconnect(reason: nil) }, { _ in })
        }
        #expect(log.all.filter { $0.hasPrefix("wrap") }.count == 2)
        #expect(Array(log.all.suffix(4)) == ["enter a", "enter b", "leave b", "leave a"])
        #expect(seen.withLock { $0 } == "/a/b")
        #expect(scope.request?.rootPath == "")
    }

    @Test func errorsPropagateThroughMiddleware() async {
        let log = CallLog()
        let app = compose([Tag(name: "outer", log: log), MiddlewareFunction { inner in inner }]) { scope, _, _ in
            throw PAGIError.unsupportedScope(scope.type)
        }
        await #expect(throws: PAGIError.unsupportedScope(.lifespan)) {
            try await app(.lifespan(LifespanScope()), { .lifespanStartup }, { _ in })
        }
        #expect(!log.all.contains("leave outer"))
    }
}
