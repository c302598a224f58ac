/// Where an option's effective value came from.
enum ConfigurationSource: Sendable, Equatable {
    case commandLine
    case environment(String)
    case file(String)
    case defaultValue
}

/// One option's effective value and where it came from.
struct EffectiveOption: Sendable {
    let option: ConfigurableOption
    /// `nil` when nothing set the option and it has no default.
    let value: ConfigValue?
    let source: ConfigurationSource
}

/// The command line with the config file's and `PAGI_*` environment variables' values put in
/// front of it, so that one parse by the argument parser checks every value, whatever its
/// source. Precedence: command line, then environment, then file, then default.
///
/// The listening options (`host`, `port`, `uds`, `fd`, `listen`) go together: a layer that
/// sets any of them hides the others from the layers below, so that `--port 9000` on the
/// command line is never beaten by `uds:` in a file.
struct LayeredArguments: Sendable {
    static let listeningKeys: Set<String> = ["host", "port", "uds", "fd", "listen"]

    /// What the argument parser is given.
    let arguments: [String]
    /// Every option, in declaration order, as `--print-config` shows it.
    let effective: [EffectiveOption]
    /// The config file in use, from `--config` or `PAGI_CONFIG`.
    let configPath: String?

    init(catalog: OptionCatalog, commandLine: [String], environment: [String: String]) throws(ConfigurationError) {
        let scan = CommandLineScan(commandLine, catalog: catalog)
        let path = scan.configPath ?? environment["PAGI_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        let fileValues = try path.map { path throws(ConfigurationError) in try Self.check(ConfigFile(path: path), catalog: catalog) } ?? [:]
        let environmentValues = Dictionary(uniqueKeysWithValues: catalog.options.compactMap { option in
            Self.environmentValue(for: option, in: environment).map { (option.key, ConfigValue.scalar($0)) }
        })
        let listeningFromCommandLine = !scan.values.keys.filter(Self.listeningKeys.contains).isEmpty
        let listeningFromEnvironment = !environmentValues.keys.filter(Self.listeningKeys.contains).isEmpty

        var injected: [String] = []
        var effective: [EffectiveOption] = []
        for option in catalog.options {
            let listening = Self.listeningKeys.contains(option.key)
            let chosen: (ConfigValue, ConfigurationSource)?
            if let value = scan.values[option.key] {
                chosen = (value, .commandLine)
            } else if listening && listeningFromCommandLine {
                chosen = nil
            } else if let value = environmentValues[option.key] {
                chosen = (value, .environment(option.environmentName))
            } else if listening && listeningFromEnvironment {
                chosen = nil
            } else if let path, let value = fileValues[option.key] {
                chosen = (value, .file(path))
            } else {
                chosen = nil
            }
            guard let (value, source) = chosen else {
                effective.append(EffectiveOption(option: option, value: option.defaultScalar.map(ConfigValue.scalar), source: .defaultValue))
                continue
            }
            if source != .commandLine {
                injected += try Self.arguments(for: option, value: value, source: source)
            }
            effective.append(EffectiveOption(option: option, value: value, source: source))
        }
        self.arguments = injected + commandLine
        self.effective = effective
        self.configPath = path
    }

    /// The option's variable. `PAGI_ENV` is shared with applications, which may give it
    /// values of their own (`staging`): one the server does not know counts as production,
    /// as it always has, instead of stopping startup.
    private static func environmentValue(for option: ConfigurableOption, in environment: [String: String]) -> String? {
        guard let value = environment[option.environmentName] else { return nil }
        if option.key == "env" { return ServerEnvironment(rawValue: value.lowercased())?.rawValue }
        return value
    }

    /// Whether anything but the command line can set options: a config file, a `PAGI_*`
    /// variable (but the `PAGI_WORKER*` ones a supervisor gives its workers), or
    /// `--print-config`, which shows every option.
    static func needed(commandLine: [String], environment: [String: String]) -> Bool {
        commandLine.contains { $0 == "--config" || $0.hasPrefix("--config=") || $0 == "--print-config" }
            || environment.keys.contains { $0.hasPrefix("PAGI_") && !$0.hasPrefix("PAGI_WORKER") }
    }

    /// The command line alone.
    init(commandLine: [String]) {
        self.arguments = commandLine
        self.effective = []
        self.configPath = nil
    }

    /// The file's values by option key; an unknown or doubled key is an error.
    private static func check(_ file: ConfigFile, catalog: OptionCatalog) throws(ConfigurationError) -> [String: ConfigValue] {
        var values: [String: ConfigValue] = [:]
        for (key, value) in file.values {
            guard let option = catalog.option(forKey: key) else {
                let hint = catalog.suggestion(for: key).map { " (did you mean '\($0)'?)" } ?? ""
                throw ConfigurationError("config file '\(file.path)': unknown option '\(key)'\(hint)")
            }
            guard values.updateValue(value, forKey: option.key) == nil else {
                throw ConfigurationError("config file '\(file.path)': '\(option.key)' is set twice")
            }
        }
        return values
    }

    /// The command-line words that say `value` for `option`.
    private static func arguments(for option: ConfigurableOption, value: ConfigValue, source: ConfigurationSource) throws(ConfigurationError) -> [String] {
        let origin = source.describe(option)
        if option.isFlag {
            guard case .scalar(let text) = value, let on = Self.switchValue(text) else {
                throw ConfigurationError("\(origin) must be true or false")
            }
            if on { return ["--" + option.key] }
            return option.isInvertible ? ["--no-" + option.key] : []
        }
        switch value {
        case .scalar(let text) where option.isRepeating:
            // A variable holds a list as comma-separated values.
            let items = source == .environment(option.environmentName)
                ? text.split(separator: ",").map { String($0.trimmingPrefix(while: \.isWhitespace)) }
                : [text]
            return items.map { "--\(option.key)=\($0)" }
        case .scalar(let text):
            return ["--\(option.key)=\(text)"]
        case .list(let items) where option.isRepeating:
            return items.map { "--\(option.key)=\($0)" }
        case .list:
            throw ConfigurationError("\(origin) takes one value, not a list")
        }
    }

    /// true/false as a config file or a variable may write it.
    static func switchValue(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "on", "1": true
        case "false", "no", "off", "0": false
        default: nil
        }
    }
}

extension ConfigurationSource {
    /// Names the place a value came from, for messages.
    func describe(_ option: ConfigurableOption) -> String {
        switch self {
        case .commandLine: "--\(option.key)"
        case .environment(let name): name
        case .file(let path): "'\(option.key)' in config file '\(path)'"
        case .defaultValue: "the default of --\(option.key)"
        }
    }
}

extension ConfigurableOption {
    /// The default as a config value: a switch's default is true or false.
    var defaultScalar: String? {
        guard self.isFlag else { return self.defaultValue }
        guard let text = self.defaultValue else { return "false" }
        if text.hasPrefix("--no-") { return "false" }
        if text.hasPrefix("--") { return "true" }
        return LayeredArguments.switchValue(text).map { $0 ? "true" : "false" } ?? "false"
    }
}

/// What the command line itself sets: the options it names (the last value of each, every
/// value of a repeatable one) and `--config`.
struct CommandLineScan {
    var values: [String: ConfigValue] = [:]
    var configPath: String?

    init(_ words: [String], catalog: OptionCatalog) {
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            if word == "--" { break }
            guard word.hasPrefix("-"), word.count > 1 else { continue }
            var spelling = word
            var inline: String?
            if word.hasPrefix("--"), let equals = word.firstIndex(of: "=") {
                spelling = String(word[..<equals])
                inline = String(word[word.index(after: equals)...])
            }
            if spelling == "--config" {
                self.configPath = inline ?? (index < words.count ? words[index] : nil)
                if inline == nil { index += 1 }
                continue
            }
            guard let option = catalog.option(spelledAs: spelling) else { continue }
            if option.isFlag {
                self.values[option.key] = .scalar(option.isInvertible && spelling == "--no-" + option.key ? "false" : "true")
                continue
            }
            guard let value = inline ?? (index < words.count ? words[index] : nil) else { continue }
            if inline == nil { index += 1 }
            if option.isRepeating, case .list(let earlier)? = self.values[option.key] {
                self.values[option.key] = .list(earlier + [value])
            } else {
                self.values[option.key] = option.isRepeating ? .list([value]) : .scalar(value)
            }
        }
    }
}
