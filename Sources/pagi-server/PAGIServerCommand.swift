import ArgumentParser
import PAGI
import PAGICommand
import PAGIExamples
import PAGISimpleExamples

/// `pagi-server`: serves one of the bundled example applications with the reference server.
@main
struct PAGIServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pagi-server",
        abstract: "The reference PAGI server, serving a bundled example application.",
        discussion: "Examples: \(Self.names.joined(separator: ", ")). Sizes are in bytes, times in seconds.",
        version: "0.1.0"
    )

    /// The chat showcase by default: it shows HTTP, WebSockets and server-sent events at once.
    @Option(help: ArgumentHelp("The example application to serve (default: 10-chat-showcase).", valueName: "name"))
    var app = "10-chat-showcase"

    @OptionGroup var server: ServerOptions

    /// The argument parser's entry, with a config file and `PAGI_*` variables layered under
    /// the command line (`--config`, `--print-config`).
    static func main() async {
        let command = PAGICommand.parse(Self.self) { $0.server.printConfig }
        do {
            try await command.run()
        } catch {
            Self.exit(withError: error)
        }
    }

    func validate() throws {
        guard Self.names.contains(self.app) else {
            throw ValidationError("Unknown app '\(self.app)'. Known apps: \(Self.names.joined(separator: ", "))")
        }
    }

    func run() async throws {
        // The examples read PAGI_ENV when they are built: set it from --env first.
        self.server.exportEnvironment()
        await PAGICommand.main(app: Self.app(named: self.app)!, options: self.server, appName: self.app)
    }

    /// The bundled application called `name` (a raw example before a Simple one), built
    /// now: only the served one is ever built. (Not `??`: a generic function would
    /// re-abstract the application, adding conversion thunks to every request.)
    static func app(named name: String) -> Application? {
        if let app = ExampleApps.named(name) { return app }
        return SimpleExamples.named(name)
    }

    static var names: [String] { Set(ExampleApps.names + SimpleExamples.names).sorted() }
}
