#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A value in a config file: one scalar, written as the command line would take it, or a list
/// of them for an option that may be repeated.
enum ConfigValue: Sendable, Equatable {
    case scalar(String)
    case list([String])
}

/// A config file (`--config FILE`): JSON (`.json`) or YAML (anything else, see ``ConfigYAML``), one object whose
/// keys are the long option names. A nested object joins its keys with a dash, so that
/// `ssl: {cert: a.pem}` is `ssl-cert`.
struct ConfigFile: Sendable {
    let path: String
    /// Keys as written (nested ones joined), in file order where the format keeps it.
    let values: [(key: String, value: ConfigValue)]

    init(path: String) throws(ConfigurationError) {
        self.path = path
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError("config file '\(path)': cannot read it (\(Self.reason(error)))")
        }
        let tree: FileValue
        if path.lowercased().hasSuffix(".json") {
            do {
                tree = try JSONDecoder().decode(FileValue.self, from: data)
            } catch {
                throw ConfigurationError("config file '\(path)': not valid JSON (\(Self.reason(error)))")
            }
        } else {
            do {
                tree = try ConfigYAML.parse(String(decoding: data, as: UTF8.self))
            } catch {
                throw ConfigurationError("config file '\(path)': not valid YAML (\(error))")
            }
        }
        guard case .table(let table) = tree else {
            throw ConfigurationError("config file '\(path)': the top level must be an object of option names and values")
        }
        var values: [(key: String, value: ConfigValue)] = []
        try Self.flatten(table, prefix: "", into: &values, path: path)
        self.values = values
    }

    private static func flatten(_ table: [String: FileValue], prefix: String, into values: inout [(key: String, value: ConfigValue)], path: String) throws(ConfigurationError) {
        for (name, value) in table.sorted(by: { $0.key < $1.key }) {
            let key = prefix + name
            switch value {
            case .scalar(let text): values.append((key, .scalar(text)))
            case .list(let items): values.append((key, .list(items)))
            case .table(let nested): try Self.flatten(nested, prefix: key + "-", into: &values, path: path)
            case .null: throw ConfigurationError("config file '\(path)': '\(key)' has no value")
            case .nestedList: throw ConfigurationError("config file '\(path)': '\(key)' must be a value or a list of values")
            }
        }
    }

    private static func reason(_ error: any Error) -> String {
        if let decoding = error as? DecodingError {
            switch decoding {
            case .dataCorrupted(let context): return context.underlyingError.map { "\($0)" } ?? context.debugDescription
            default: return "\(decoding)"
            }
        }
        if let cocoa = error as? CocoaError, let underlying = cocoa.underlying as? POSIXError {
            return underlying.code == .ENOENT ? "no such file" : "\(underlying)"
        }
        return "\(error)"
    }
}

/// A config file's content as decoded, before it is checked against the options.
indirect enum FileValue: Decodable, Equatable {
    case scalar(String)
    case list([String])
    case table([String: FileValue])
    case nestedList
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let table = try? container.decode([String: FileValue].self) {
            self = .table(table)
        } else if let items = try? container.decode([FileValue].self) {
            var scalars: [String] = []
            for item in items {
                guard case .scalar(let text) = item else { self = .nestedList; return }
                scalars.append(text)
            }
            self = .list(scalars)
        } else if let flag = try? container.decode(Bool.self) {
            // JSON's true is the switch's "true".
            self = .scalar(flag ? "true" : "false")
        } else if let integer = try? container.decode(Int.self) {
            self = .scalar(String(integer))
        } else if let number = try? container.decode(Double.self) {
            self = .scalar(String(number))
        } else {
            self = .scalar(try container.decode(String.self))
        }
    }
}

/// Configuration that cannot be used: one line saying which file or variable, and why.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
