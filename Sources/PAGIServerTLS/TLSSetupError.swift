/// Why TLS could not be set up at startup: one line naming the file or option at fault
/// (`pagi-server` prints it and exits with code 1 before it listens).
public struct TLSSetupError: Error, CustomStringConvertible, Sendable, Hashable {
    public let description: String

    /// An error that reads `description`.
    public init(_ description: String) {
        self.description = description
    }
}
