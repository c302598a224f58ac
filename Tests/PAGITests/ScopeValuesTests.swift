import PAGI
import Synchronization
import Testing

extension ScopeKey where Value == String {
    static let greeting = ScopeKey("test.greeting")
}

extension ScopeKey where Value == Int {
    static let count = ScopeKey("test.count")
}

@Suite struct ScopeValuesTests {
    @Test func typedAndNamedAccess() {
        var values = ScopeValues()
        values[.greeting] = "hi"
        values[.count] = 3
        #expect(values[.greeting] == "hi")
        #expect(values["test.count"] as? Int == 3)
        #expect(values.names == ["test.count", "test.greeting"])
        // A key of another type does not read a value of the wrong type.
        #expect(values[ScopeKey<Int>("test.greeting")] == nil)
        values[.greeting] = nil
        #expect(!values.contains("test.greeting"))
    }

    @Test func snapshotIsAShallowCopy() {
        let state = SharedValues()
        let shared = SharedValues()
        state[.greeting] = "hello"
        state[.stash] = shared

        var requestCopy = state.snapshot()
        requestCopy[.greeting] = "changed in one request"
        // Top-level keys are private to the copy ...
        #expect(state[.greeting] == "hello")
        #expect(state.snapshot()[.greeting] == "hello")
        // ... while values behind a reference are shared.
        requestCopy[.stash]?[.count] = 42
        #expect(shared[.count] == 42)
        #expect(state[.stash]?[.count] == 42)
    }

    @Test func sharedValuesUpdateAtomically() async {
        let store = SharedValues()
        store[.count] = 0
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<100 {
                group.addTask { store.withLock { $0[.count] = ($0[.count] ?? 0) + 1 } }
            }
        }
        #expect(store[.count] == 100)
    }

    @Test func scopeCopyDoesNotChangeTheOriginal() {
        let original = Scope.http(RequestScope(path: "/a", rootPath: ""))
        var copy = original
        copy.request?.rootPath = "/mount"
        copy.request?[.greeting] = "set below"
        #expect(original.request?.rootPath == "")
        #expect(original.request?[.greeting] == nil)
        #expect(copy.request?.rootPath == "/mount")
        #expect(copy.type == .http)
    }
}

@Suite struct StashTests {
    /// A middleware puts a stash in the scope; a mounted application below it (which gets a
    /// changed copy of the scope) writes to it; the middleware reads the write afterwards.
    @Test func mountedApplicationsShareTheStash() async throws {
        let mounted: Application = { scope, _, _ in
            #expect(scope.request?.rootPath == "/admin")
            scope.request?[.stash]?[.greeting] = "written by the mounted app"
        }
        let mount = MiddlewareFunction { inner in
            { scope, receive, send in
                var copy = scope
                copy.request?.rootPath = "/admin"
                try await inner(copy, receive, send)
            }
        }
        let seen = Mutex<String?>(nil)
        let stashing = MiddlewareFunction { inner in
            { scope, receive, send in
                let stash = SharedValues()
                var copy = scope
                copy.request?[.stash] = stash
                try await inner(copy, receive, send)
                seen.withLock { $0 = stash[.greeting] }
            }
        }
        let app = compose(stashing, mount, around: mounted)
        try await app(.http(RequestScope(path: "/admin/users")), { .httpDisconnect(reason: nil) }, { _ in })
        #expect(seen.withLock { $0 } == "written by the mounted app")
    }
}
