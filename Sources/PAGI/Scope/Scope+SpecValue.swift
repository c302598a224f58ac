extension Scope {
    /// The scope in the spec's shape and key names (`type`, `http_version`, `raw_path`,
    /// `headers` as `[name, value]` pairs in order, `client` as `[host, port]`, ...): for
    /// diagnostics, logs and the `scope` example app. `state` values that are not strings,
    /// numbers or booleans appear as their description.
    public var specValue: PAGIValue {
        switch self {
        case .lifespan(let lifespan):
            return .object([
                "type": .string(ScopeType.lifespan.rawValue),
                "pagi": lifespan.pagi.specValue,
                "state": ScopeValues.specValue(of: lifespan.state.snapshot()),
            ])
        case .http(let request), .websocket(let request), .sse(let request):
            var object: [String: PAGIValue] = [
                "type": .string(self.type.rawValue),
                "pagi": request.pagi.specValue,
                "http_version": .string(request.httpVersion.rawValue),
                "scheme": .string(request.scheme),
                "path": .string(request.path),
                "raw_path": .bytes(request.rawPath),
                "query_string": .bytes(request.queryString),
                "root_path": .string(request.rootPath),
                "headers": .array(request.headers.map { .array([.string($0.name.rawValue), .bytes($0.value)]) }),
                "client": request.client.map(\.specValue) ?? .null,
                "server": request.server.map(\.specValue) ?? .null,
                "state": ScopeValues.specValue(of: request.state),
                "extensions": request.extensions.specValue,
            ]
            if case .websocket = self {
                object["subprotocols"] = .array(request.subprotocols.map { .string($0) })
            } else {
                object["method"] = .string(request.method.rawValue)
            }
            return .object(object)
        }
    }
}

extension PAGIInfo {
    var specValue: PAGIValue {
        var object: [String: PAGIValue] = ["version": .string(self.version)]
        if let specVersion = self.specVersion { object["spec_version"] = .string(specVersion) }
        if let isWorker = self.isWorker { object["is_worker"] = .int(isWorker ? 1 : 0) }
        if let workerNumber = self.workerNumber { object["worker_num"] = .int(Int64(workerNumber)) }
        return .object(object)
    }
}

extension NetworkAddress {
    /// `[host, port]`, or `[path, null]` for a Unix socket.
    var specValue: PAGIValue {
        switch self {
        case .tcp(let host, let port): return .array([.string(host), .int(Int64(port))])
        case .unix(let path): return .array([.string(path), .null])
        }
    }
}

extension Extensions {
    var specValue: PAGIValue {
        var object = self.custom
        if self.fullFlush { object[Extensions.fullFlushName] = .object([:]) }
        if self.websocketHTTPResponse { object[Extensions.websocketHTTPResponseName] = .object([:]) }
        if let tls = self.tls { object[Extensions.tlsName] = tls.specValue }
        return .object(object)
    }
}

extension TLSInfo {
    var specValue: PAGIValue {
        .object([
            "server_cert": self.serverCert.map { .string($0) } ?? .null,
            "client_cert_chain": .array(self.clientCertChain.map { .string($0) }),
            "client_cert_name": self.clientCertName.map { .string($0) } ?? .null,
            "client_cert_error": self.clientCertError.map { .string($0) } ?? .null,
            "tls_version": self.tlsVersion.map { .int(Int64($0)) } ?? .null,
            "cipher_suite": self.cipherSuite.map { .int(Int64($0)) } ?? .null,
        ])
    }
}

extension ScopeValues {
    static func specValue(of values: ScopeValues) -> PAGIValue {
        var object: [String: PAGIValue] = [:]
        for name in values.names {
            switch values[name] {
            case let value as PAGIValue: object[name] = value
            case let value as String: object[name] = .string(value)
            case let value as Bool: object[name] = .bool(value)
            case let value as Int: object[name] = .int(Int64(value))
            case let value as Double: object[name] = .double(value)
            case let value?: object[name] = .string(String(describing: value))
            case nil: break
            }
        }
        return .object(object)
    }
}
