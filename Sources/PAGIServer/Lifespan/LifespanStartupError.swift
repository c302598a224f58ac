/// Why the server did not start: the application answered `lifespan.startup.failed`, did
/// not answer in time, or declined lifespan while `--lifespan on` requires it.
public struct LifespanStartupError: Error, CustomStringConvertible, Sendable {
    /// What happened, in one line.
    public let description: String

    init(description: String) { self.description = description }
}
