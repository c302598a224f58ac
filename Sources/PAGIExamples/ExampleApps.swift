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
    private static let makers: [String: @Sendable () -> Application] = [
        "hello": { hello },
        "stream": { stream() },
        "echo": { echo },
        "websocket-echo": { websocketEcho },
        "websocket-features": { websocketFeatures },
        "sse": { sse() },
        "lifespan": { lifespan },
        "fullflush": { fullFlush },
        "tls-info": { tlsInfo },
        "utf8": { utf8 },
        "scope": { scope },
        "errors": { errors },
        "bench": { bench },
        "behind-proxy": { behindProxy },
        "workers": { workers },
    ]

    /// Every example, by name (each built anew).
    public static var all: [String: Application] { makers.mapValues { $0() } }

    /// The example names, sorted.
    public static var names: [String] { makers.keys.sorted() }

    /// The example called `name`.
    public static func named(_ name: String) -> Application? { makers[name]?() }
}
