import PAGI
import PAGISimple

extension SimpleExamples {
    /// simple-12-mount: API v1 at `/api/v1`, API v2 at `/api/v2`, and an admin panel at
    /// `/admin` behind a (simulated) authentication middleware that marks its responses.
    static var mount: SimpleApp {
        let app = SimpleApp(name: "Mount Demo")
        app.get("/") { _ in
            .html("""
                <!DOCTYPE html>
                <html><head><title>Mount Sub-Applications Demo</title></head>
                <body>
                <h1>Mount Sub-Applications Demo</h1>
                <p>This demo shows how to mount multiple Simple applications under different path prefixes.</p>
                <h2>Mounted Applications</h2>
                <p>API v1 @ /api/v1, API v2 @ /api/v2, Admin @ /admin</p>
                <h2>API v1 Routes</h2><ul>
                <li><a href="/api/v1/">/api/v1/</a></li><li><a href="/api/v1/users">/api/v1/users</a></li><li><a href="/api/v1/users/1">/api/v1/users/1</a></li></ul>
                <h2>API v2 Routes</h2><ul>
                <li><a href="/api/v2/">/api/v2/</a></li><li><a href="/api/v2/users">/api/v2/users</a></li><li><a href="/api/v2/users/1">/api/v2/users/1</a></li></ul>
                <h2>Admin Panel Routes</h2><ul>
                <li><a href="/admin/">/admin/</a></li><li><a href="/admin/stats">/admin/stats</a></li></ul>
                <p><em>Note: Admin routes run through auth middleware (simulated)</em></p>
                <h2>Mount Path Information</h2><ul>
                <li><a href="/api/v1/info">/api/v1/info</a></li><li><a href="/api/v2/info">/api/v2/info</a></li></ul>
                </body></html>

                """)
        }
        app.get("/health") { _ in try .json(["status": "ok", "app": "main"]) }

        // The admin panel's middleware, at its mount: every admin response says it passed.
        let adminAuth = MiddlewareFunction { inner in
            { scope, receive, send in
                try await inner(scope, receive) { event in
                    guard case .httpResponseStart(var start) = event else { return try await send(event) }
                    start.headers.append("x-admin-auth", "simulated")
                    try await send(.httpResponseStart(start))
                }
            }
        }
        app.mount("/api/v1", MountedAPIs.v1)
        app.mount("/api/v2", MountedAPIs.v2)
        app.mount("/admin", MountedAPIs.admin, middleware: [adminAuth])
        return app
    }
}
