package import Logging
package import PAGI

/// What every connection of a server shares: the application, the options, the lifespan
/// state, the logger.
///
/// A class, so that the connection tasks' async frames, which hold it, hold a pointer and not
/// its 600 bytes: a task keeps the memory of its deepest call for as long as it lives, so
/// every idle keep-alive connection paid for those copies (docs/performance.md).
package final class ServerContext: Sendable {
    package let app: Application
    package let configuration: ServerConfiguration
    package let state: SharedValues
    package let accessLog: AccessLogWriter?
    package let registry = ConnectionRegistry()
    package var logger: Logger { self.configuration.logger }

    /// The serializers for HTTP/1.1 and HTTP/1.0 responses, prepared once.
    private let serializers: (http11: ResponseSerializer, http10: ResponseSerializer)

    init(app: @escaping Application, configuration: ServerConfiguration, state: SharedValues, accessLog: AccessLogWriter?) {
        self.app = app
        self.configuration = configuration
        self.state = state
        self.accessLog = accessLog
        let make = { (version: HTTPVersion) in
            ResponseSerializer(version: version, dateHeader: configuration.dateHeader, serverHeader: configuration.serverHeader)
        }
        self.serializers = (make(.http1_1), make(.http1_0))
    }

    func serializer(for version: HTTPVersion) -> ResponseSerializer {
        version == .http1_0 ? self.serializers.http10 : self.serializers.http11
    }
}

extension ServerContext {
    /// The scope the application sees for `head`: what the connection says (with `scheme`
    /// when the request names its own, as HTTP/2's `:scheme` does), then
    /// ``ServerConfiguration/rewriteScope`` (the forwarded client behind a trusted proxy).
    package func scope(
        for head: RequestHead,
        client: NetworkAddress?,
        server: NetworkAddress?,
        tls: TLSInfo?,
        connection: ConnectionState,
        scheme: String? = nil
    ) -> Scope {
        var scope = head.scope(
            rootPath: self.configuration.rootPath,
            client: client,
            server: server,
            tls: tls,
            state: self.state.snapshot(),
            connection: connection
        )
        if let scheme { scope.request?.scheme = scheme }
        return self.configuration.rewriteScope?(scope) ?? scope
    }

    /// Calls the application for one scope; how its call ended.
    @inline(never)
    func runApplication(_ scope: Scope, receive: @escaping Receive, send: @escaping Send) async -> HTTP1Exchange.Outcome {
        do {
            try await self.app(scope, receive, send)
            return .returned
        } catch {
            return .threw(error)
        }
    }
}
