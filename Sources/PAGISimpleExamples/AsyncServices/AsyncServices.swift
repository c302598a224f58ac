import PAGI
import PAGISimple

/// simple-18-async-services: the three service lifetimes, each with async methods: a weather
/// service made anew for each lookup (factory), a user profile service kept for the request
/// (per request), and a statistics service shared by every request (singleton).
enum AsyncServices {
    struct Route: Encodable {
        var path: String
        var description: String
    }

    struct Overview: Encodable {
        var message = "Async Services Demo"
        var routes = [
            Route(path: "/", description: "This page"),
            Route(path: "/weather/:city", description: "Get weather (async fetch)"),
            Route(path: "/users/:id", description: "Get user profile (async with cache)"),
            Route(path: "/stats", description: "Multiple async calls in parallel"),
        ]
        var sample_weather: Forecast
    }

    struct Profile: Encodable {
        var user: User
        var preferences: Preferences
        var note = "UserProfile service was only instantiated once (PerRequest scope)"
    }

    struct Dashboard: Encodable {
        var weather: Forecast
        var visitors: Int
        var popular_cities: [CityVisits]
    }
}

extension SimpleExamples {
    static var asyncServices: SimpleApp {
        let app = SimpleApp(name: "Async Services Demo")
        app.service(AsyncServices.Weather.self, .factory) { AsyncServices.Weather() }
        app.service(AsyncServices.UserProfile.self, .perRequest) { AsyncServices.UserProfile() }
        app.service(AsyncServices.Stats.self, .singleton) { AsyncServices.Stats() }

        app.get("/") { context in
            let weather = try await context.service(AsyncServices.Weather.self)
            return try .json(AsyncServices.Overview(sample_weather: await weather.forecast(for: "Seattle")))
        }

        app.get("/weather/:city") { context in
            let weather = try await context.service(AsyncServices.Weather.self)
            return try .json(await weather.forecast(for: context.parameter("city") ?? ""))
        }

        app.get("/users/:id") { context in
            let id = context.parameter("id") ?? ""
            let user = try await context.service(AsyncServices.UserProfile.self).user(id)
            // The same instance again: the per-request service is kept for the whole request.
            let preferences = try await context.service(AsyncServices.UserProfile.self).preferences(id)
            return try .json(AsyncServices.Profile(user: user, preferences: preferences))
        }

        app.get("/stats") { context in
            let weather = try await context.service(AsyncServices.Weather.self)
            let stats = try await context.service(AsyncServices.Stats.self)
            // Concurrent, where the Perl original awaits one after the other.
            async let forecast = weather.forecast(for: "Portland")
            async let visitors = stats.visitors()
            async let popular = stats.popular()
            return try .json(AsyncServices.Dashboard(weather: await forecast, visitors: await visitors, popular_cities: await popular))
        }
        return app
    }
}
