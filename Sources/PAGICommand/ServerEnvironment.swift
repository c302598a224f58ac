public import ArgumentParser
public import PAGI
import PAGIMiddleware
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The environment the server runs in (`-E/--env`), as Perl's `pagi-server -E` and Plack's
/// `plackup -E`: `development` wraps the application in a strict ``Lint``, so that a broken
/// event fails where it is sent; `production` adds nothing. Either is written to `PAGI_ENV`,
/// where applications (Simple's development mode) read it.
///
/// Unlike Perl, a terminal does not mean development: servers run in terminals too (tmux,
/// screen), and development error pages must never reach a production client by accident.
public enum ServerEnvironment: String, CaseIterable, ExpressibleByArgument, Sendable, CustomStringConvertible {
    case development
    case production

    public var description: String { self.rawValue }

    /// `app` as this environment serves it.
    public func wrap(_ app: @escaping Application, label: String) -> Application {
        switch self {
        case .development: Lint(label: label, strict: true).wrap(app)
        case .production: app
        }
    }
}

extension ServerOptions {
    /// The environment: `--env`, else `PAGI_ENV` (`environment`, default the process's),
    /// else production. An unknown `PAGI_ENV` counts as production.
    public func resolvedEnvironment(environment: [String: String]? = nil) -> ServerEnvironment {
        if let env = self.env { return env }
        let variable = environment.map { $0["PAGI_ENV"] } ?? getenv("PAGI_ENV").map { String(cString: $0) }
        return variable.flatMap { ServerEnvironment(rawValue: $0.lowercased()) } ?? .production
    }

    /// Writes the resolved environment to `PAGI_ENV`, for applications built after this (the
    /// examples of `pagi-server`; an executable that builds its application first should read
    /// its own options first, or set `PAGI_ENV` itself). Returns it.
    @discardableResult
    public func exportEnvironment() -> ServerEnvironment {
        let environment = self.resolvedEnvironment()
        setenv("PAGI_ENV", environment.rawValue, 1)
        return environment
    }
}
