import HTTPTypes

/// Strong parameters: a request's flat fields (`order.items[0].qty=2`) as a tree, narrowed to
/// what the handler allows, checked, and decoded into your own types.
///
/// ```swift
/// app.post("/orders") { context in
///     let order = try await context.structuredBody()
///         .namespace("order")
///         .permitted("customer", .list("items", "product", "qty", "_destroy"))
///         .skipping(flag: "_destroy")
///         .required("customer")
///         .decode(Order.self)
///     ...
/// }
/// ```
///
/// Each step returns a new value; the tree is worked out when it is read, always in the same
/// order: the namespace, then the permitted keys, then the skipped rows. Unpermitted keys are
/// dropped silently. ``required(_:)`` checks the tree as configured when it is called, so it
/// goes after the other steps. ``init(pairs:)`` says how names (`user.name`, `items[0].qty`,
/// `tags[]`) become a tree; keys given to the steps are written the same way.
public struct StructuredParams: Sendable {
    /// The deepest a parameter nests: a form or query key with more steps is ignored, a JSON
    /// body nesting deeper is answered with 400. It bounds the work one request can cause.
    public static let maximumDepth = 32

    private let source: ParamObject
    private var namespacePath = ""
    private var permittedKeys: [PermittedKey] = []
    private var skipFlags: [String] = []

    /// The tree that flat pairs describe (a query string, a form, multipart fields):
    ///
    /// - `a.b` and `a[b]` are the key `b` of the object `a`; `a[0]` is an element of the list
    ///   `a`; `a[]` appends an element (each `[]` a new one); notations mix (`a[0].b[c]`).
    /// - A list's indexes order its elements and leave no gaps: `items[0]`, `items[3]` make a
    ///   list of two; `[]` elements follow the indexed ones.
    /// - A name given more than once (without brackets) keeps every value, as a list; read as a
    ///   single value (``PermittedKey/init(_:)``, ``decode(_:)``) it is the last one, as in
    ///   Perl. An index given twice keeps its last value.
    /// - Shapes do not change: once a path holds text, an object or a list, a later pair that
    ///   needs another shape there (`a=1` then `a.b=2`) is ignored.
    /// - A name that is empty, starts with a bracket, or nests deeper than ``maximumDepth`` is
    ///   ignored.
    public init(pairs: QueryParameters) {
        self.source = ParamObject(pairs: pairs)
    }

    /// The parameters `object` holds (a decoded JSON object, or a tree built elsewhere).
    public init(_ object: ParamObject = ParamObject()) {
        self.source = object
    }

    /// Only the parameters under `path` (`person` for `person.name`, `person[age]`), with that
    /// prefix removed: the object at `path`, or nothing when there is none. A later call
    /// replaces the namespace; an empty `path` removes it.
    public func namespace(_ path: String) -> StructuredParams {
        var copy = self
        copy.namespacePath = path
        return copy
    }

    /// Only `keys` (and inside objects and lists, only their keys), each in its shape; others
    /// are dropped without an error. Calls add up; without any, every key passes.
    public func permitted(_ keys: PermittedKey...) -> StructuredParams {
        var copy = self
        copy.permittedKeys += keys
        return copy
    }

    /// Drops the rows of every list (its objects, at any depth) whose `flag` is set, and removes
    /// the flag from the rows that stay: the `_destroy` checkbox of nested forms. A flag is set
    /// unless it is empty, `"0"`, zero, `false` or `null` (Perl's truth: `"false"` is set); a
    /// repeated flag (a hidden `0` and a checked `1`) by its last value. Calls add up.
    public func skipping(flag: String...) -> StructuredParams {
        var copy = self
        copy.skipFlags += flag
        return copy
    }

    /// The same parameters, when every key in `keys` (a name or a path such as `address.city`)
    /// is present and neither empty text nor `null`; otherwise 400 naming the missing ones.
    public func required(_ keys: String...) throws(HTTPError) -> StructuredParams {
        let value = self.value
        let missing = keys.filter { !(value.value(at: $0)?.isPresent ?? false) }
        guard missing.isEmpty else {
            throw HTTPError(.badRequest, "Missing required parameters: \(missing.joined(separator: ", "))")
        }
        return self
    }

    /// The parameters after the namespace, the permitted keys and the skipped rows.
    public var object: ParamObject {
        var object = self.source
        if !self.namespacePath.isEmpty {
            guard case .object(let inner) = ParamValue.object(object).value(at: self.namespacePath) else { return ParamObject() }
            object = inner
        }
        if !self.permittedKeys.isEmpty { object = PermittedKey.filter(object, keeping: self.permittedKeys) }
        if !self.skipFlags.isEmpty, case .object(let kept) = ParamValue.object(object).skipping(self.skipFlags) { object = kept }
        return object
    }

    /// ``object`` as a value (always ``ParamValue/object(_:)``).
    public var value: ParamValue { .object(self.object) }

    /// The parameter `key` (a name or a path such as `items[0].qty`).
    public subscript(key: String) -> ParamValue? {
        self.value.value(at: key)
    }

    /// The parameters decoded as `type`: objects into structs, lists into arrays, text into
    /// numbers, `Bool` (`true/1/on/yes`, `false/0/off/no`) and raw-value enums as forms are
    /// (see ``Context/form(as:limit:)``); a single value decodes as a list of one, a repeated
    /// name as one value (its last). 400 naming the key path when they do not fit.
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws(HTTPError) -> T {
        do {
            return try T(from: ParamDecoder(value: self.value, codingPath: []))
        } catch {
            throw HTTPError(.badRequest, "The parameters do not fit this request: \(Context.describe(error))")
        }
    }
}

extension ParamValue {
    /// Without the rows flagged by `flags` in any list, and without the flags in the rows left.
    fileprivate func skipping(_ flags: [String]) -> ParamValue {
        switch self {
        case .object(let object):
            return .object(ParamObject(object.map { ($0.key, $0.value.skipping(flags)) }))
        case .list(let elements):
            return .list(elements.compactMap { element in
                guard case .object(var row) = element else { return element.skipping(flags) }
                if flags.contains(where: { row[$0]?.isSet ?? false }) { return nil }
                for flag in flags { row[flag] = nil }
                return ParamValue.object(row).skipping(flags)
            })
        default:
            return self
        }
    }
}
