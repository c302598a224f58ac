#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PAGI
import PAGISimple

extension SimpleExamples {
    /// simple-08-cookies: preferences (theme, language) kept in cookies, a login that sets a
    /// session cookie (longer with "remember me"), flash messages that live for one page, a
    /// protected endpoint (401 without the cookie), and a JSON API that sets and removes cookies.
    static var cookies: SimpleApp {
        let app = SimpleApp(name: "Cookie Demo")
        let users = ["demo": (password: "secret", name: "Demo User")]
        let month = 30 * 24 * 60 * 60

        app.get("/") { context in
            let theme = context.cookies["theme"] ?? "light"
            let colors: (background: String, text: String, link: String) = theme == "dark" ? ("#1a1a2e", "#eaeaea", "#00d9ff") : ("#ffffff", "#333333", "#0066cc")
            let flash = context.cookies["flash"].flatMap { $0.isEmpty ? nil : $0 }
            let user = context.cookies["user"]
            let userLine = user.map { #"<p>Welcome, <strong>\#(escapeHTML($0))</strong>! <a href="/logout">Logout</a></p>"# }
                ?? #"<p>Not logged in. <a href="/login">Login</a></p>"#
            let page = Response.html("""
                <!DOCTYPE html>
                <html><head><meta charset="utf-8"><title>Cookie Demo</title>
                <style>body { font-family: sans-serif; background: \(colors.background); color: \(colors.text); } a { color: \(colors.link); }</style>
                </head><body>
                <h1>Cookie Demo</h1>
                \(flash.map { #"<p class="flash">\#(escapeHTML($0))</p>"# } ?? "")
                \(userLine)
                <h2>Theme</h2><p>Current theme: <strong>\(escapeHTML(theme))</strong></p>
                <form method="POST" action="/preferences"><input type="hidden" name="theme" value="light"><button>Light</button></form>
                <form method="POST" action="/preferences"><input type="hidden" name="theme" value="dark"><button>Dark</button></form>
                <h2>Language</h2><p>Current language: <strong>\(escapeHTML(context.cookies["lang"] ?? "en"))</strong></p>
                <form method="POST" action="/preferences"><select name="lang">
                <option value="en">English</option><option value="es">Español</option><option value="fr">Français</option><option value="de">Deutsch</option>
                </select><button>Save</button></form>
                <p><a href="/cookies">Every cookie as JSON</a> · <a href="/secure-data">Protected data</a></p>
                </body></html>

                """)
            // A flash message is shown once.
            return flash == nil ? page : page.removingCookie("flash")
        }

        app.get("/cookies") { context in try .json(["cookies": context.cookies]) }

        app.post("/preferences") { context in
            var response = Response.redirect(to: "/")
            if let theme = try await context.param("theme"), !theme.isEmpty {
                response = response.cookie(Cookie("theme", theme, maxAge: month, httpOnly: false))
            }
            if let language = try await context.param("lang"), !language.isEmpty {
                response = response.cookie(Cookie("lang", language, maxAge: 365 * 24 * 60 * 60, httpOnly: false))
            }
            return response.cookie(Cookie("flash", "Preferences saved!", httpOnly: false))
        }

        app.get("/login") { context in
            let theme = context.cookies["theme"] ?? "light"
            let error = context.query["error"].map { #"<p class="error">\#(escapeHTML($0))</p>"# } ?? ""
            return .html("""
                <!DOCTYPE html>
                <html><head><meta charset="utf-8"><title>Login - Cookie Demo</title>
                <style>body { font-family: sans-serif; background: \(theme == "dark" ? "#1a1a2e" : "#ffffff"); color: \(theme == "dark" ? "#eaeaea" : "#333333"); }</style>
                </head><body>
                <h2>Login</h2>
                \(error)
                <form method="POST" action="/login">
                <label>Username: <input type="text" name="username" value="demo" required></label>
                <label>Password: <input type="password" name="password" value="secret" required></label>
                <label><input type="checkbox" name="remember" value="1"> Remember me</label>
                <button>Login</button>
                </form>
                <p><a href="/">Back to home</a> · demo / secret</p>
                </body></html>

                """)
        }

        app.post("/login") { context in
            let username = try await context.param("username") ?? ""
            let password = try await context.param("password") ?? ""
            guard let user = users[username], user.password == password else {
                return .redirect(to: "/login?error=Invalid+username+or+password")
            }
            let remember = !(try await context.param("remember") ?? "").isEmpty
            var response = Response.redirect(to: "/")
            if remember { response = response.cookie(Cookie("remember_me", "1", maxAge: month, httpOnly: false)) }
            return response
                .cookie(Cookie("user", user.name, maxAge: remember ? month : nil))
                .cookie(Cookie("flash", "Welcome back, \(user.name)!", httpOnly: false))
        }

        app.get("/logout") { _ in
            Response.redirect(to: "/")
                .removingCookie("user")
                .removingCookie("remember_me")
                .cookie(Cookie("flash", "You have been logged out.", httpOnly: false))
        }

        app.get("/secure-data") { context in
            struct Secret: Encodable { let message: String; let secret: String; let timestamp: Int }
            guard let user = context.cookies["user"], !user.isEmpty else { try abort(.unauthorized, "Please log in to access this resource") }
            return try .json(Secret(message: "Hello, \(user)! This is protected data.", secret: "The answer is 42.", timestamp: Int(Date().timeIntervalSince1970)))
        }

        app.post("/api/cookie") { context in
            struct NewCookie: Decodable {
                var name: String?
                var value: String?
                var expires: Int?
                var path: String?
                var secure: Bool?
                var httponly: Bool?
                var samesite: String?
            }
            let body = try await context.json(as: NewCookie.self)
            guard let name = body.name, !name.isEmpty, let value = body.value else { try abort(.badRequest, "name and value required") }
            guard let sameSite = Cookie.SameSite(rawValue: (body.samesite ?? "Lax").capitalized) else {
                try abort(.badRequest, "samesite is Strict, Lax or None")
            }
            let expires = body.expires ?? Int(Date().timeIntervalSince1970) + 3600
            let cookie = Cookie(
                name, value, path: body.path ?? "/", expires: UTCTime(seconds: expires).httpDate,
                secure: body.secure ?? false, httpOnly: body.httponly ?? false, sameSite: sameSite
            )
            return try Response.json(Outcome(success: 1, message: "Cookie '\(name)' set")).cookie(cookie)
        }

        app.delete("/api/cookie/:name") { context in
            let name = context.parameter("name")!
            return try Response.json(Outcome(success: 1, message: "Cookie '\(name)' removed")).removingCookie(name)
        }

        app.error(.unauthorized) { _, error in
            try .json(["error": "Unauthorized", "message": error.message], status: .unauthorized)
        }

        app.error(.badRequest) { _, error in
            try .json(["error": "Bad Request", "message": error.message], status: .badRequest)
        }

        return app
    }

    private struct Outcome: Encodable {
        let success: Int
        let message: String
    }
}
