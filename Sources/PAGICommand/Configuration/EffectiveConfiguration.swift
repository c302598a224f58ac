import PAGI

/// `--print-config`: the effective configuration as a YAML config file, each line saying where
/// its value came from, so that it can be saved and used with `--config`. Secrets are not
/// shown.
extension LayeredArguments {
    func rendered(commandName: String) -> String {
        var lines = [
            "# The effective configuration of \(commandName).",
            "# Precedence: command line, then PAGI_* environment variables, then the config file\(self.configPath.map { " ('\($0)')" } ?? ""), then defaults.",
        ]
        for entry in self.effective {
            let key = entry.option.key
            guard let value = entry.value else {
                lines.append("# \(key): not set")
                continue
            }
            let origin: String
            switch entry.source {
            case .commandLine: origin = "command line"
            case .environment(let name): origin = name
            case .file: origin = "config file"
            case .defaultValue: origin = "default"
            }
            if entry.option.isSecret {
                lines.append("# \(key): set, not shown  # \(origin)")
                continue
            }
            switch value {
            case .scalar(let text):
                let shown = entry.option.isFlag ? (Self.switchValue(text) == true ? "true" : "false") : Self.yamlScalar(text)
                lines.append("\(key): \(shown)  # \(origin)")
            case .list(let items):
                lines.append("\(key):  # \(origin)")
                lines += items.map { "  - \(Self.yamlScalar($0))" }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A plain YAML scalar when that reads back as the same text, else a double-quoted one.
    static func yamlScalar(_ text: String) -> String {
        let plain = !text.isEmpty
            && text.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "._/@+-".unicodeScalars.contains($0) }
            && !text.hasPrefix("-") && Self.switchValue(text) == nil
            && !["null", "~"].contains(text.lowercased())
        if plain { return text }
        // A JSON string is a YAML double-quoted scalar.
        var quoted = ""
        PAGIValue.writeJSONString(text, into: &quoted)
        return quoted
    }
}
