extension ParamObject {
    /// The tree that flat name-value pairs describe, names split by ``ParamKey``; the rules
    /// (lists compacted, repeated names, fixed shapes, ignored names) are those documented at
    /// ``StructuredParams/init(pairs:)``.
    init(pairs: QueryParameters) {
        let root = TreeNode(kind: .object)
        for (name, value) in pairs {
            let segments = ParamKey(name).segments
            guard case .name = segments.first, segments.count <= StructuredParams.maximumDepth else { continue }
            root.insert(segments[...], value)
        }
        guard case .object(let object) = root.value else { preconditionFailure("the root is an object") }
        self = object
    }
}

/// A node of the tree being built: mutable, so that each pair walks down and adds to it.
private final class TreeNode {
    enum Kind {
        case value, object, list

        /// The kind of node that `segment` (the next step of a path) steps into.
        init(stepping segment: ParamKey.Segment?) {
            switch segment {
            case nil: self = .value
            case .name: self = .object
            case .index, .append: self = .list
            }
        }
    }

    let kind: Kind
    private var values: [String] = []
    private var keys: [String] = []
    private var members: [String: TreeNode] = [:]
    private var indexed: [Int: TreeNode] = [:]
    private var appended: [TreeNode] = []

    init(kind: Kind) {
        self.kind = kind
    }

    /// Adds `value` at `path` below this node, whose kind fits `path.first`.
    func insert(_ path: ArraySlice<ParamKey.Segment>, _ value: String) {
        guard let segment = path.first else {
            self.values.append(value)
            return
        }
        let rest = path.dropFirst()
        let kind = Kind(stepping: rest.first)
        let child: TreeNode
        switch segment {
        case .name(let name):
            if let existing = self.members[name] {
                child = existing
            } else {
                child = TreeNode(kind: kind)
                self.members[name] = child
                self.keys.append(name)
            }
        case .index(let index):
            if let existing = self.indexed[index] {
                child = existing
                if rest.isEmpty, existing.kind == .value { existing.values.removeAll() }
            } else {
                child = TreeNode(kind: kind)
                self.indexed[index] = child
            }
        case .append:
            child = TreeNode(kind: kind)
            self.appended.append(child)
        }
        guard child.kind == kind else { return }   // another shape is already there
        child.insert(rest, value)
    }

    /// The finished value: one string or a list of them, an object in first-seen key order, a
    /// list with its indexed elements in index order followed by the appended ones.
    var value: ParamValue {
        switch self.kind {
        case .value:
            return self.values.count == 1 ? .string(self.values[0]) : .list(self.values.map(ParamValue.string))
        case .object:
            return .object(ParamObject(self.keys.map { ($0, self.members[$0]!.value) }))
        case .list:
            let ordered = self.indexed.sorted { $0.key < $1.key }.map(\.value) + self.appended
            return .list(ordered.map(\.value))
        }
    }
}
