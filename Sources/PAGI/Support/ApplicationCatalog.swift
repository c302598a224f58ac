/// Applications by name, each made only when asked for: how `pagi-server --app NAME` finds
/// a bundled example without building the others. Package-internal, not public API.
///
/// Each maker is kept in a struct, because a function type stored as a generic argument (a
/// dictionary's value) is re-abstracted: the application it makes would then go through
/// conversion thunks on every request and every `send` (docs/performance.md).
package struct ApplicationCatalog: Sendable {
    package struct Maker: Sendable {
        let make: @Sendable () -> Application

        package init(_ make: @escaping @Sendable () -> Application) {
            self.make = make
        }
    }

    private let makers: [String: Maker]

    package init(_ makers: [String: Maker]) {
        self.makers = makers
    }

    /// Every application, by name (each made anew).
    package var all: [String: Application] { self.makers.mapValues { $0.make() } }

    /// The names, sorted.
    package var names: [String] { self.makers.keys.sorted() }

    /// The application called `name`, made now.
    package func named(_ name: String) -> Application? { self.makers[name]?.make() }
}
