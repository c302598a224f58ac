public import PAGI

/// The raw PAGI example applications: the Swift versions of the Perl distribution's
/// examples 01-08 and 12, plus `scope` (the diagnostic app that answers with its scope),
/// `errors` (which shows each failure rule of a server), `bench` (the endpoints that
/// `Benchmarks/` measures), `behind-proxy` (for running behind nginx) and `workers` (which
/// shows which worker process answered).
///
/// Each is a plain ``Application`` of a few dozen lines, written against the contract
/// alone. `pagi-server --app NAME` serves them by name.
public enum ExampleApps {
    /// How each example is made, by the name `pagi-server --app` knows it by: a server builds
    /// only the one it serves.
    private static let makers: [String: Maker] = [
        "hello": Maker { hello },
        "stream": Maker { stream() },
        "echo": Maker { echo },
        "websocket-echo": Maker { websocketEcho },
        "websocket-features": Maker { websocketFeatures },
        "sse": Maker { sse() },
        "lifespan": Maker { lifespan },
        "fullflush": Maker { fullFlush },
        "tls-info": Maker { tlsInfo },
        "utf8": Maker { utf8 },
        "scope": Maker { scope },
        "errors": Maker { errors },
        "bench": Maker { bench },
        "behind-proxy": Maker { behindProxy },
        "workers": Maker { workers },
    ]

    /// Every example, by name (each built anew).
    public static var all: [String: Application] { makers.mapValues { $0.make() } }

    /// The example names, sorted.
    public static var names: [String] { makers.keys.sorted() }

    /// The example called `name`.
    public static func named(_ name: String) -> Application? { makers[name]?.make() }

    /// How one example is made. A struct, because a function type stored as a generic
    /// argument (a dictionary's value) is re-abstracted: the application it makes would go
    /// through conversion thunks on every request and every `send`.
    private struct Maker: Sendable {
        let make: @Sendable () -> Application

        init(_ make: @escaping @Sendable () -> Application) {
            self.make = make
        }
    }
}
