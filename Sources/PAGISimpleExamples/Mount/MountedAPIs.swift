import PAGI
import PAGISimple
import Synchronization

/// The sub-applications of simple-12-mount: two versions of a users API and an admin panel,
/// each a Simple app of its own that knows nothing of where it is mounted.
enum MountedAPIs {
    struct User: Codable, Sendable {
        var id: Int
        var name: String
        var email: String
        var role: String?
        var created_at: String?
    }

    struct NewUser: Decodable {
        var name: String?
        var email: String?
        var role: String?
    }

    /// Where the request sits: the mount's prefix (`root_path`), the path inside the mounted
    /// app, and both together.
    struct MountInfo: Encodable {
        var mount_path: String
        var local_path: String
        var full_path: String
        var version: String?
        var note: String
    }

    static func mountInfo(_ context: Context, version: String?, note: String) -> MountInfo {
        MountInfo(
            mount_path: context.request.rootPath,
            local_path: context.path,
            full_path: context.request.rootPath + context.path,
            version: version,
            note: note
        )
    }

    static var v1: SimpleApp {
        let app = SimpleApp(name: "API v1")
        let users = Mutex([
            User(id: 1, name: "Alice", email: "alice@example.com"),
            User(id: 2, name: "Bob", email: "bob@example.com"),
            User(id: 3, name: "Charlie", email: "charlie@example.com"),
        ])
        app.get("/") { _ in
            struct Root: Encodable { let version, message: String; let endpoints: [String] }
            return try .json(Root(version: "v1", message: "Welcome to API v1", endpoints: ["/users", "/users/:id", "/info"]))
        }
        app.get("/users") { _ in try .json(users.withLock { $0 }) }
        app.get("/users/:id") { context in
            let id = Int(context.parameter("id") ?? "")
            guard let user = users.withLock({ $0.first { $0.id == id } }) else { return try .json(["error": "User not found"], status: .notFound) }
            return try .json(user)
        }
        app.post("/users") { context in
            let body = try await context.json(as: NewUser.self)
            let user = users.withLock { users in
                let user = User(id: users.count + 1, name: body.name ?? "Unknown", email: body.email ?? "")
                users.append(user)
                return user
            }
            return try .json(user, status: .created)
        }
        app.get("/info") { context in try .json(Self.mountInfo(context, version: nil, note: "This shows how path rewriting works")) }
        return app
    }

    static var v2: SimpleApp {
        let app = SimpleApp(name: "API v2")
        let users = Mutex([
            User(id: 1, name: "Alice", email: "alice@example.com", role: "admin", created_at: "2024-01-15"),
            User(id: 2, name: "Bob", email: "bob@example.com", role: "user", created_at: "2024-02-20"),
            User(id: 3, name: "Charlie", email: "charlie@example.com", role: "user", created_at: "2024-03-10"),
        ])
        struct Meta: Encodable { let total, page, per_page: Int }
        struct Listing: Encodable { let data: [User]; let meta: Meta; let links: [String: String] }
        struct One: Encodable { let data: User; let links: [String: String] }
        app.get("/") { _ in
            struct Root: Encodable { let version, message: String; let endpoints: [String]; let deprecation_notice: String }
            return try .json(Root(version: "v2", message: "Welcome to API v2", endpoints: ["/users", "/users/:id", "/info"], deprecation_notice: "v1 will be deprecated in 2025"))
        }
        app.get("/users") { _ in
            let all = users.withLock { $0 }
            return try .json(Listing(data: all, meta: Meta(total: all.count, page: 1, per_page: 20), links: ["self": "/api/v2/users", "first": "/api/v2/users?page=1"]))
        }
        app.get("/users/:id") { context in
            let id = context.parameter("id") ?? ""
            guard let user = users.withLock({ $0.first { String($0.id) == id } }) else {
                struct Failure: Encodable { let code, message: String; let details: [String: String] }
                return try .json(["error": Failure(code: "NOT_FOUND", message: "User not found", details: ["id": id])], status: .notFound)
            }
            return try .json(One(data: user, links: ["self": "/api/v2/users/\(id)", "posts": "/api/v2/users/\(id)/posts"]))
        }
        app.post("/users") { context in
            let body = try await context.json(as: NewUser.self)
            let user = users.withLock { users in
                let user = User(id: users.count + 1, name: body.name ?? "Unknown", email: body.email ?? "", role: body.role ?? "user", created_at: "2024-12-03")
                users.append(user)
                return user
            }
            return try .json(One(data: user, links: ["self": "/api/v2/users/\(user.id)"]), status: .created)
        }
        app.get("/info") { context in try .json(Self.mountInfo(context, version: "v2", note: "V2 uses enhanced response format with metadata")) }
        return app
    }

    static var admin: SimpleApp {
        let app = SimpleApp(name: "Admin Panel")
        app.get("/") { _ in
            .html("""
                <!DOCTYPE html>
                <html><head><title>Admin Dashboard</title></head>
                <body>
                <h1>Admin Dashboard</h1>
                <p>Welcome to the admin panel. This app is mounted at <code>/admin</code> with authentication middleware.</p>
                <div class="card"><div class="stat">1,234</div><div class="stat-label">Total Users</div></div>
                <div class="card"><div class="stat">567</div><div class="stat-label">Active Sessions</div></div>
                <div class="card"><div class="stat">89%</div><div class="stat-label">System Health</div></div>
                <div class="card"><h3>Quick Actions</h3>
                <a href="/admin/stats">View Stats</a> <a href="/admin/users">Manage Users</a> <a href="/admin/logs">View Logs</a></div>
                </body></html>

                """)
        }
        app.get("/dashboard") { context in .redirect(to: context.request.rootPath + "/") }
        app.get("/stats") { context in
            struct Stats: Encodable {
                let system, app, database: [String: String]
                let mount_path, local_path: String
            }
            return try .json(Stats(
                system: ["cpu_usage": "23%", "memory_usage": "45%", "disk_usage": "67%", "uptime": "15 days, 4 hours"],
                app: ["requests_today": "12345", "average_response_time": "45ms", "error_rate": "0.1%"],
                database: ["connections": "42", "queries_per_second": "156", "cache_hit_rate": "94%"],
                mount_path: context.request.rootPath,
                local_path: context.path
            ))
        }
        app.get("/users") { _ in
            struct Entry: Encodable { let id: Int; let name, role, status: String }
            struct Listing: Encodable { let users: [Entry]; let total: Int; let note: String }
            return try .json(Listing(
                users: [
                    Entry(id: 1, name: "Admin User", role: "super_admin", status: "active"),
                    Entry(id: 2, name: "Moderator", role: "moderator", status: "active"),
                    Entry(id: 3, name: "Suspended User", role: "user", status: "suspended"),
                ],
                total: 3,
                note: "This is a simulated user list"
            ))
        }
        app.get("/logs") { context in
            struct Line: Encodable { let timestamp, level, message: String }
            struct Logs: Encodable { let logs: [Line]; let mount_path: String }
            return try .json(Logs(
                logs: [
                    Line(timestamp: "2024-12-03T10:00:00Z", level: "INFO", message: "User login: admin@example.com"),
                    Line(timestamp: "2024-12-03T10:05:00Z", level: "WARN", message: "Failed login attempt"),
                    Line(timestamp: "2024-12-03T10:10:00Z", level: "INFO", message: "Settings updated by admin"),
                ],
                mount_path: context.request.rootPath
            ))
        }
        return app
    }
}
