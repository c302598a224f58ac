public import ArgumentParser

/// The flags every peer server takes, so one benchmark driver can start any of them.
public struct PeerServerOptions: ParsableArguments {
    @Option(help: "TCP port to listen on (the address is always 127.0.0.1).")
    public var port: Int

    @Option(help: "Number of event-loop threads.")
    public var threads: Int = 2

    /// Peers only ever listen on loopback: they are benchmark targets, not services.
    public var host: String { "127.0.0.1" }

    public init() {}

    public func validate() throws {
        guard (0...65535).contains(port) else {
            throw ValidationError("--port must be between 0 and 65535.")
        }
        guard threads >= 1 else {
            throw ValidationError("--threads must be at least 1.")
        }
    }
}
