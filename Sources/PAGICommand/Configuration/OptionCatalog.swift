import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One command-line option that a config file or a `PAGI_*` environment variable may also
/// set, as the argument parser declares it.
struct ConfigurableOption: Sendable, Equatable {
    /// The long name without dashes, such as `timeout-keep-alive`: the key in a config file.
    let key: String
    /// Every spelling on the command line, dashes included (`--port`, `-E`, `--no-date-header`).
    let spellings: Set<String>
    /// An on/off switch rather than an option with a value.
    let isFlag: Bool
    /// A switch that can be turned off by name (`--no-KEY`).
    let isInvertible: Bool
    /// An option that may be given more than once.
    let isRepeating: Bool
    /// The default as help shows it, if there is one.
    let defaultValue: String?

    /// `PAGI_` and the key in capitals with underscores: `PAGI_TIMEOUT_KEEP_ALIVE`.
    var environmentName: String {
        "PAGI_" + self.key.uppercased().replacing("-", with: "_")
    }

    /// Passwords and secrets are never printed.
    var isSecret: Bool { self.key.contains("password") || self.key.contains("secret") }
}

/// Every option of a command that configuration may set, read from the argument parser's own
/// description of the command, so that an option is declared once, with its help, and is
/// then settable from a file and the environment too.
struct OptionCatalog: Sendable {
    /// Options that choose the configuration or print it, or only print something.
    static let excludedKeys: Set<String> = ["config", "print-config", "help", "version", "experimental-dump-help", "generate-completion-script"]

    let options: [ConfigurableOption]

    init<Arguments: ParsableArguments>(_ type: Arguments.Type) {
        let data = Data(Arguments._dumpHelp().utf8)
        let arguments = (try? JSONDecoder().decode(DumpedHelp.self, from: data))?.command.arguments ?? []
        var options: [ConfigurableOption] = []
        for argument in arguments where argument.kind != "positional" {
            let names = argument.names ?? []
            let longNames = names.filter { $0.kind == "long" }.map(\.name)
            // An inverted flag is one argument named both KEY and no-KEY; its key is KEY.
            guard let key = longNames.first(where: { !$0.hasPrefix("no-") }) ?? longNames.first,
                  !Self.excludedKeys.contains(key)
            else { continue }
            let spellings = names.map { name in
                switch name.kind {
                case "short": "-" + name.name
                case "longWithSingleDash": "-" + name.name
                default: "--" + name.name
                }
            }
            options.append(ConfigurableOption(
                key: key,
                spellings: Set(spellings),
                isFlag: argument.kind == "flag",
                isInvertible: longNames.contains("no-" + key),
                isRepeating: argument.isRepeating ?? false,
                defaultValue: argument.defaultValue
            ))
        }
        self.options = Self.mergingInversions(options)
    }

    /// The option a config key names: the key as on the command line, or with underscores
    /// (`timeout_keep_alive`), in any case.
    func option(forKey key: String) -> ConfigurableOption? {
        let normalized = key.lowercased().replacing("_", with: "-")
        return self.options.first { $0.key == normalized }
    }

    /// The option that `spelling` (such as `--port` or `-E`) names on the command line.
    func option(spelledAs spelling: String) -> ConfigurableOption? {
        self.options.first { $0.spellings.contains(spelling) }
    }

    /// The known key nearest to a misspelt one, for the error message.
    func suggestion(for key: String) -> String? {
        let normalized = key.lowercased().replacing("_", with: "-")
        let scored = self.options.map { ($0.key, Self.distance($0.key, normalized)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, normalized.count / 3) else { return nil }
        return best.0
    }

    /// The argument parser may describe an inverted flag as two arguments (KEY and no-KEY):
    /// they become one option.
    private static func mergingInversions(_ options: [ConfigurableOption]) -> [ConfigurableOption] {
        var merged: [ConfigurableOption] = []
        for option in options {
            if option.isFlag, option.key.hasPrefix("no-"),
               let index = merged.firstIndex(where: { $0.isFlag && $0.key == String(option.key.dropFirst(3)) }) {
                let base = merged[index]
                merged[index] = ConfigurableOption(
                    key: base.key, spellings: base.spellings.union(option.spellings), isFlag: true,
                    isInvertible: true, isRepeating: false, defaultValue: base.defaultValue ?? option.defaultValue
                )
            } else {
                merged.append(option)
            }
        }
        return merged
    }

    /// Levenshtein distance, for suggestions only (keys are short).
    private static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// The parts of the argument parser's JSON description (`--experimental-dump-help`) used here.
private struct DumpedHelp: Decodable {
    struct Command: Decodable { let arguments: [Argument]? }
    struct Argument: Decodable {
        struct Name: Decodable {
            let kind: String
            let name: String
        }
        let kind: String
        let names: [Name]?
        let isRepeating: Bool?
        let defaultValue: String?
    }
    let command: Command
}
