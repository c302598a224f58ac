import HTTPTypes
import NIOCore
import PAGI
import PAGIMiddleware
import PAGITesting
import Synchronization
import Testing

/// A middleware that appends its name to a response header, to show the order of layers.
struct Tag: Middleware {
    let name: String
    init(_ name: String) { self.name = name }

    func wrap(_ app: @escaping Application) -> Application {
        let name = self.name
        return { scope, receive, send in
            try await app(scope, receive, changingResponseHeads(send) { $0.headers.append("x-layers", ByteString(name)) })
        }
    }
}

/// Answers with the path and root path it saw.
func echoPath(_ label: String) -> Application {
    { scope, _, send in
        let request = scope.request!
        switch scope {
        case .websocket:
            try await send(.websocketAccept())
            try await send(.websocketSend(text: "\(label) \(request.path) \(request.rootPath)"))
            try await send(.websocketClose())
        default:
            try await send(.httpResponseStart(status: .ok, headers: ["content-type": "text/plain"]))
            try await send(.httpResponseBody(ByteBuffer(string: "\(label) \(request.path) \(request.rootPath)")))
        }
    }
}

@Suite struct MiddlewareStackTests {
    @Test func layersApplyInOrderAndMountsLongestPrefixFirst() async throws {
        let app = MiddlewareStack {
            Tag("outer")
            Mount("/api", echoPath("api"))
            Tag("inner")
            Mount("/api/v2/", echoPath("v2"))
        }.wrap(echoPath("main"))
        let client = TestClient(app: app)
        let main = try await client.get("/x?y=1")
        #expect(main.text == "main /x " && main.headers.values(for: "x-layers") == ["inner", "outer"])
        #expect(try await client.get("/api/users").text == "api /users /api")
        #expect(try await client.get("/api").text == "api / /api")
        #expect(try await client.get("/api/v2/users/%C3%A9").text == "v2 /users/é /api/v2")
        #expect(try await client.get("/apix").text == "main /apix ")
        let socket = try await client.websocket("/api/v2/chat")
        #expect(try await socket.receiveText() == "v2 /chat /api/v2")
    }

    /// Counts how often it is built.
    final class Counting: Middleware {
        let built = Mutex(0)
        func wrap(_ app: @escaping Application) -> Application {
            self.built.withLock { $0 += 1 }
            return Tag("counted").wrap(app)
        }
    }

    @Test func enableAppliesItsLayersToTheScopesItAcceptsAndIsBuiltOnce() async throws {
        let counting = Counting()
        let app = MiddlewareStack {
            Enable(if: { $0.request?.path.hasPrefix("/api") == true }) {
                Tag("api")
                counting
            }
        }.wrap(echoPath("main"))
        let client = TestClient(app: app)
        for _ in 0..<3 {
            #expect(try await client.get("/api/a").headers.values(for: "x-layers") == ["counted", "api"])
            #expect(try await client.get("/web").headers.values(for: "x-layers").isEmpty)
        }
        #expect(counting.built.withLock { $0 } == 1)
    }

    @Test func conditionalAndRepeatedLayers() async throws {
        for verbose in [false, true] {
            let app = MiddlewareStack {
                if verbose { Tag("verbose") } else { Tag("quiet") }
                for name in ["a", "b"] { Tag(name) }
            }.wrap(echoPath("main"))
            let layers = try await TestClient(app: app).get("/").headers.values(for: "x-layers")
            #expect(layers == ["b", "a", verbose ? "verbose" : "quiet"])
        }
    }
}
