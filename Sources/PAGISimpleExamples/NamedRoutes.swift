import PAGI
import PAGISimple

extension SimpleExamples {
    /// simple-11-named-routes: URLs built from route names, redirects to named routes, and an
    /// API that lists them.
    static var namedRoutes: SimpleApp {
        let app = SimpleApp(name: "Named Routes")

        app.get("/", name: "home") { context in
            let rows = [
                ("home", try context.url(for: "home")),
                ("about", try context.url(for: "about")),
                ("users_list", try context.url(for: "users_list")),
                ("user_show", try context.url(for: "user_show", parameters: ["id": "42"])),
                ("user_edit", try context.url(for: "user_edit", parameters: ["id": "42"])),
                ("search", try context.url(for: "search", query: ["q": "perl", "page": "1"])),
                ("post_show", try context.url(for: "post_show", parameters: ["year": "2025", "month": "12", "slug": "hello-world"])),
            ]
            let table = rows.map { "<tr><td>\($0.0)</td><td><a href=\"\($0.1)\">\($0.1)</a></td></tr>" }.joined()
            return .html("""
                <!DOCTYPE html>
                <html><head><title>Named Routes Demo</title></head><body>
                <h1>Named Routes Demo</h1>
                <h2>Route Registry</h2><table><tr><th>Route Name</th><th>Generated URL</th></tr>\(table)</table>
                <h2>Redirect Examples</h2><ul>
                <li><a href="/go-home">Redirect to home</a></li>
                <li><a href="/go-user/123">Redirect to user 123</a></li>
                <li><a href="/go-search">Redirect to search</a></li>
                <li><a href="/moved">Permanent redirect (301)</a></li></ul>
                <h2>API Routes</h2><ul><li><a href="/api/users">/api/users</a></li></ul>
                </body></html>

                """)
        }

        app.get("/about", name: "about") { _ in
            .html(#"<h1>About</h1><p>This is the about page.</p><p><a href="/">Back to home</a></p>"#)
        }

        app.get("/users", name: "users_list") { context in
            let users = [(1, "Alice"), (2, "Bob"), (3, "Charlie")]
            let items = try users.map { #"<li><a href="\#(try context.url(for: "user_show", parameters: ["id": String($0.0)]))">\#($0.1)</a></li>"# }
            return .html("<h1>Users</h1><ul>\(items.joined())</ul><p><a href=\"/\">Back to home</a></p>")
        }

        app.get("/users/:id", name: "user_show") { context in
            let id = context.parameter("id")!
            return .html("""
                <h1>User #\(id)</h1>
                <p><a href="\(try context.url(for: "user_edit", parameters: ["id": id]))">Edit this user</a></p>
                <p><a href="\(try context.url(for: "users_list"))">Back to users</a></p>
                <p><a href="/">Back to home</a></p>
                """)
        }

        app.get("/users/:id/edit", name: "user_edit") { context in
            let id = context.parameter("id")!
            return .html("""
                <h1>Edit User #\(id)</h1>
                <p>Edit form would go here...</p>
                <p><a href="\(try context.url(for: "user_show", parameters: ["id": id]))">Cancel</a></p>
                """)
        }

        app.get("/search", name: "search") { context in
            let query = context.query["q"] ?? ""
            let pageNumber = Int(context.query["page"] ?? "") ?? 1
            let next = try context.url(for: "search", query: ["q": query, "page": String(pageNumber + 1)])
            let previous = pageNumber > 1 ? try context.url(for: "search", query: ["q": query, "page": String(pageNumber - 1)]) : nil
            var html = "<h1>Search Results</h1><p>Query: <strong>\(query)</strong> (Page \(pageNumber))</p><p>Pagination: "
            if let previous { html += "<a href=\"\(previous)\">Previous</a> | " }
            html += "<a href=\"\(next)\">Next</a></p><p><a href=\"/\">Back to home</a></p>"
            return .html(html)
        }

        app.get("/blog/:year/:month/:slug", name: "post_show") { context in
            .html("""
                <h1>Blog Post</h1>
                <p>Year: \(context.parameter("year")!), Month: \(context.parameter("month")!)</p>
                <p>Slug: \(context.parameter("slug")!)</p>
                <p><a href="/">Back to home</a></p>
                """)
        }

        app.get("/go-home") { context in try context.redirect(toRoute: "home") }
        app.get("/go-user/:id") { context in try context.redirect(toRoute: "user_show", parameters: ["id": context.parameter("id")!]) }
        app.get("/go-search") { context in try context.redirect(toRoute: "search", query: ["q": "perl web", "page": "1"]) }
        app.get("/moved") { context in try context.redirect(toRoute: "about", status: .movedPermanently) }

        app.group("/api") { api in
            api.get("/users", name: "api_users") { context in
                struct Listing: Encodable {
                    let routes: [String: String]
                    let all_named_routes: [String]
                }
                return try .json(Listing(
                    routes: [
                        "home": try context.url(for: "home"),
                        "users": try context.url(for: "users_list"),
                        "user_42": try context.url(for: "user_show", parameters: ["id": "42"]),
                        "search": try context.url(for: "search", query: ["q": "example", "page": "1"]),
                        "post": try context.url(for: "post_show", parameters: ["year": "2025", "month": "12", "slug": "named-routes"]),
                    ],
                    all_named_routes: context.routeNames
                ))
            }
        }
        return app
    }
}
