public import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension PAGICommand {
    /// Parses the command line with the config file's values (`--config FILE` or
    /// `$PAGI_CONFIG`, JSON or YAML) and `PAGI_*` environment variables layered under it:
    /// command line first, then environment, then file, then defaults. Every option of
    /// `Arguments` can be set in all three places, under its long name (`PAGI_` and the name in
    /// capitals with underscores for a variable).
    ///
    /// Exits instead of returning for `--help`, for a bad option (64, or what the argument
    /// parser chooses), for an unusable config file (64, one line), and after printing the
    /// effective configuration when `printConfig` says it was asked for (0).
    public static func parse<Arguments: ParsableArguments>(
        _ type: Arguments.Type,
        arguments: [String]? = nil,
        environment: [String: String]? = nil,
        printConfig: (Arguments) -> Bool
    ) -> Arguments {
        let commandLine = arguments ?? Array(CommandLine.arguments.dropFirst())
        let commandName = CommandLine.arguments.first.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "pagi-server"
        let environment = environment ?? ProcessInfo.processInfo.environment
        // Without a config file or a PAGI_* variable there is nothing to layer: the catalog
        // (the argument parser's JSON description of every option) is not built.
        let layered: LayeredArguments
        do {
            layered = try LayeredArguments.needed(commandLine: commandLine, environment: environment)
                ? LayeredArguments(catalog: OptionCatalog(type), commandLine: commandLine, environment: environment)
                : LayeredArguments(commandLine: commandLine)
        } catch {
            self.printError("\(commandName): \(error)")
            exit(64)
        }
        let parsed: Arguments
        do {
            parsed = try type.parse(layered.arguments)
        } catch {
            guard type.exitCode(for: error) != .success else { type.exit(withError: error) }
            self.printError(type.fullMessage(for: error) + layered.origins(mentionedIn: type.message(for: error)))
            exit(type.exitCode(for: error).rawValue)
        }
        if printConfig(parsed) {
            print(layered.rendered(commandName: commandName), terminator: "")
            exit(0)
        }
        return parsed
    }
}

extension LayeredArguments {
    /// Lines naming where options that an error message mentions were set, when that was not
    /// the command line: an error about `--port` is then traced to `PAGI_PORT`.
    func origins(mentionedIn message: String) -> String {
        self.effective.compactMap { entry -> String? in
            guard entry.source != .commandLine, entry.source != .defaultValue,
                  message.contains("--\(entry.option.key)") || message.contains("--no-\(entry.option.key)")
            else { return nil }
            return "\n(--\(entry.option.key) was set by \(entry.source.describe(entry.option)))"
        }.joined()
    }
}
