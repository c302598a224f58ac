import Logging
import PAGI

/// What every connection of a server shares: the application, the options, the lifespan
/// state, the logger.
struct ServerContext: Sendable {
    let app: Application
    let configuration: ServerConfiguration
    let state: SharedValues
    let accessLog: AccessLogWriter?
    let registry = ConnectionRegistry()
    var logger: Logger { self.configuration.logger }

    func serializer(for version: HTTPVersion) -> ResponseSerializer {
        ResponseSerializer(version: version, dateHeader: self.configuration.dateHeader, serverHeader: self.configuration.serverHeader)
    }
}
