public import PAGI

/// Sessions: data kept across a client's requests, named by a cookie.
///
/// ```swift
/// let app = MiddlewareStack {
///     Session(store: SignedCookieSessionStore(signer: CookieSigner(secrets: [secret])))
/// }.wrap { scope, receive, send in
///     let session = scope.request![.session]!
///     session["user"] = "ada"
///     ...
/// }
/// ```
///
/// For every `http`, `sse` and `websocket` scope, the scope passed down carries the session,
/// `request[.session]` (``RequestSession``): the one the request's cookie names, or a new,
/// empty one. The application reads and changes it; when the response head goes out (or the
/// WebSocket is accepted) the session is saved, if it changed, and the cookie set:
/// - a new session is saved only once it holds a value, so visitors do not fill the store;
/// - an emptied or destroyed session is deleted and its cookie removed; so is the cookie of a
///   session that is unknown or expired;
/// - after ``RequestSession/rotate()`` the data moves to a new id and the old one is deleted;
/// - an id the client makes up is never adopted: an unknown id gets a new session with a new id.
///
/// Changes after the head went out are saved when the application returns, for stores whose
/// cookie holds only the id (not for ``SignedCookieSessionStore``).
///
/// Options (defaults from the Perl original, attributes from Starlette):
/// - `store`: where sessions are kept (``SessionStore``); a ``MemorySessionStore`` by default.
/// - `cookie`: the cookie's name and attributes; `pagi_session`, `Path=/`, `HttpOnly`,
///   `SameSite=Lax`, `Secure` when the request came over https.
/// - `expire`: how long a session lives after it was last saved (store entry and cookie
///   `Max-Age`); 3600 seconds.
/// - `rolling`: save a session that holds values with every response, even unchanged, so that
///   `expire` counts from the last request (Perl expires idle sessions; Starlette re-sends its
///   cookie on every response); `true`. With `false` a session ends `expire` after its last
///   change, and unchanged sessions cost no store writes.
public struct Session: Middleware {
    let store: any SessionStore
    let cookie: CookieSettings
    let expire: Duration
    let rolling: Bool

    public init(
        store: any SessionStore = MemorySessionStore(),
        cookie: CookieSettings = CookieSettings(name: "pagi_session"),
        expire: Duration = .seconds(3600),
        rolling: Bool = true
    ) {
        self.store = store
        self.cookie = cookie
        self.expire = expire
        self.rolling = rolling
    }

    public func wrap(_ app: @escaping Application) -> Application {
        let middleware = self
        return { scope, receive, send in
            guard var request = scope.request else { return try await app(scope, receive, send) }
            let cookies = request[.cookies] ?? RequestCookies(headers: request.headers)
            let sent = cookies[middleware.cookie.name].flatMap { $0.isEmpty ? nil : $0 }
            let session = try await middleware.load(sent)
            request[.session] = session
            var inner = scope
            inner.request = request
            let sessionSend = beforeResponseHead(send) { [request] in
                try await middleware.save(session.snapshotAtHead(), of: session, hadCookie: sent != nil, for: request)
            }
            try await app(inner, receive, sessionSend)
            try await middleware.saveLateChanges(of: session)
        }
    }

    /// The session the cookie value `sent` names, or a new one.
    private func load(_ sent: String?) async throws -> RequestSession {
        if let sent, let values = try await self.store.load(id: sent) {
            return RequestSession(id: sent, values: values, loadedID: sent)
        }
        return RequestSession(id: Base64URL.randomToken(), values: [:], loadedID: nil)
    }

    /// Saves or deletes the session as the response head goes out; the cookie to set.
    private func save(_ state: RequestSession.State, of session: RequestSession, hadCookie: Bool, for request: RequestScope) async throws -> Headers {
        if let loaded = session.loadedID, loaded != state.id || state.values.isEmpty {
            try await self.store.delete(id: loaded)
        }
        if state.values.isEmpty {
            return hadCookie ? Headers(setting: [self.cookie.removal]) : [:]
        }
        guard state.version > 0 || self.rolling else { return [:] }
        let value = try await self.store.save(id: state.id, values: state.values, lifetime: self.expire)
        return Headers(setting: [self.cookie.cookie(value, maxAge: Int(self.expire.components.seconds), for: request)])
    }

    /// Saves what changed after the head went out, under the id the cookie already names (a
    /// session without a cookie by then cannot be saved, nor can a rotation take effect).
    private func saveLateChanges(of session: RequestSession) async throws {
        let state = session.snapshot
        guard let atHead = state.versionAtHead, atHead != state.version, let id = state.idAtHead else { return }
        if state.values.isEmpty {
            try await self.store.delete(id: id)
        } else {
            _ = try await self.store.save(id: id, values: state.values, lifetime: self.expire)
        }
    }
}
