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
    private static let catalog = ApplicationCatalog([
        "hello": .init { hello },
        "stream": .init { stream() },
        "echo": .init { echo },
        "websocket-echo": .init { websocketEcho },
        "websocket-features": .init { websocketFeatures },
        "sse": .init { sse() },
        "lifespan": .init { lifespan },
        "fullflush": .init { fullFlush },
        "tls-info": .init { tlsInfo },
        "utf8": .init { utf8 },
        "scope": .init { scope },
        "errors": .init { errors },
        "bench": .init { bench },
        "behind-proxy": .init { behindProxy },
        "workers": .init { workers },
    ])

    /// Every example, by name (each built anew).
    public static var all: [String: Application] { catalog.all }

    /// The example names, sorted.
    public static var names: [String] { catalog.names }

    /// The example called `name`.
    public static func named(_ name: String) -> Application? { catalog.named(name) }
}
