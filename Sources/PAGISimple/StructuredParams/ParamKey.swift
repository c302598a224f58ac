/// A parameter's name split into the steps of its path: `order.items[0].name` is `order`,
/// `items`, index 0, `name`.
///
/// A dot separates names; brackets hold an index (`[0]`), nothing (`[]`: append), or a name
/// (`[name]`, taken as written, dots included). Empty names (`a..b`, a leading dot) are
/// skipped; a `[` without its `]` is part of the name.
struct ParamKey: Equatable {
    enum Segment: Equatable {
        case name(String)
        case index(Int)
        case append
    }

    let segments: [Segment]

    init(_ key: String) {
        var segments: [Segment] = []
        var name = ""
        func endName() {
            if !name.isEmpty { segments.append(.name(name)) }
            name = ""
        }
        var rest = Substring(key)
        while let character = rest.first {
            switch character {
            case ".":
                endName()
                rest = rest.dropFirst()
            case "[":
                guard let close = rest.firstIndex(of: "]") else {
                    name += rest
                    rest = ""
                    continue
                }
                endName()
                segments.append(Self.bracketed(rest[rest.index(after: rest.startIndex)..<close]))
                rest = rest[rest.index(after: close)...]
            default:
                name.append(character)
                rest = rest.dropFirst()
            }
        }
        endName()
        self.segments = segments
    }

    /// What a bracket holds: digits are an index (one too large to count sorts last), nothing
    /// appends, anything else is a name.
    private static func bracketed(_ inner: Substring) -> Segment {
        if inner.isEmpty { return .append }
        if inner.allSatisfy({ $0.isASCII && $0.isWholeNumber }) { return .index(Int(inner) ?? .max) }
        return .name(String(inner))
    }
}
