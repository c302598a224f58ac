extension PAGIValue {
    /// The value as JSON text. Object keys are sorted, so the output is stable; bytes appear
    /// as text (UTF-8 where valid, otherwise ISO-8859-1); a non-finite double is `null`.
    public var jsonText: String {
        var output = ""
        self.writeJSON(into: &output)
        return output
    }

    private func writeJSON(into output: inout String) {
        switch self {
        case .null:
            output += "null"
        case .bool(let value):
            output += value ? "true" : "false"
        case .int(let value):
            output += String(value)
        case .double(let value):
            output += value.isFinite ? String(value) : "null"
        case .string(let value):
            PAGIValue.writeJSONString(value, into: &output)
        case .bytes(let value):
            PAGIValue.writeJSONString(value.text, into: &output)
        case .array(let values):
            output += "["
            for (index, value) in values.enumerated() {
                if index > 0 { output += "," }
                value.writeJSON(into: &output)
            }
            output += "]"
        case .object(let object):
            output += "{"
            for (index, key) in object.keys.sorted().enumerated() {
                if index > 0 { output += "," }
                PAGIValue.writeJSONString(key, into: &output)
                output += ":"
                object[key]!.writeJSON(into: &output)
            }
            output += "}"
        }
    }

    package static func writeJSONString(_ string: String, into output: inout String) {
        output += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
