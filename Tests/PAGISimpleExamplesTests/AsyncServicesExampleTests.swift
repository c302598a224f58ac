import PAGI
import PAGISimpleExamples
import PAGITesting
import Testing

@Suite struct AsyncServicesExampleTests {
    struct Forecast: Decodable, Equatable {
        var city: String
        var temperature: Int
        var conditions: String
        var humidity: Int
        var unit: String
        var fetched_at: Int
    }

    @Test func isRegistered() {
        #expect(SimpleExamples.all["simple-18-async-services"] != nil)
    }

    /// The routes answer like the Perl example's, under a lifespan (as `pagi-server` runs it).
    @Test func answersLikeThePerlExample() async throws {
        let client = TestClient(app: SimpleExamples.all["simple-18-async-services"]!)
        try await client.withLifespan {
            struct Route: Decodable { var path: String; var description: String }
            struct Overview: Decodable { var message: String; var routes: [Route]; var sample_weather: Forecast }
            let overview = try await client.get("/").json(as: Overview.self)
            #expect(overview.message == "Async Services Demo")
            #expect(overview.routes.map(\.path) == ["/", "/weather/:city", "/users/:id", "/stats"])
            #expect(overview.sample_weather.city == "Seattle" && overview.sample_weather.temperature == 52 && overview.sample_weather.unit == "F")
            #expect(overview.sample_weather.fetched_at > 1_700_000_000)

            let denver = try await client.get("/weather/Denver").json(as: Forecast.self)
            #expect((denver.city, denver.temperature, denver.conditions, denver.humidity) == ("Denver", 45, "Clear", 30))
            let nowhere = try await client.get("/weather/Nowhere").json(as: Forecast.self)
            #expect((nowhere.temperature, nowhere.conditions, nowhere.humidity) == (70, "Unknown", 50))
            let spaced = try await client.get("/weather/San%20Francisco").json(as: Forecast.self)
            #expect(spaced.city == "San Francisco" && spaced.conditions == "Foggy")
        }
    }

    @Test func usersComeWithTheirPreferences() async throws {
        struct User: Decodable { var id: String; var name: String; var email: String; var role: String; var loaded_at: Int }
        struct Preferences: Decodable { var user_id: String; var theme: String; var notifications: Int; var language: String }
        struct Profile: Decodable { var user: User; var preferences: Preferences; var note: String }
        let client = TestClient(app: SimpleExamples.all["simple-18-async-services"]!)
        let bob = try await client.get("/users/2").json(as: Profile.self)
        #expect((bob.user.id, bob.user.name, bob.user.email, bob.user.role) == ("2", "Bob", "bob@example.com", "user"))
        #expect((bob.preferences.user_id, bob.preferences.theme, bob.preferences.notifications, bob.preferences.language) == ("2", "light", 0, "es"))
        #expect(bob.note == "UserProfile service was only instantiated once (PerRequest scope)")
        let stranger = try await client.get("/users/99").json(as: Profile.self)
        #expect((stranger.user.name, stranger.user.email, stranger.user.role) == ("Unknown", "", "guest"))
        #expect((stranger.preferences.theme, stranger.preferences.notifications, stranger.preferences.language) == ("light", 1, "en"))
    }

    /// Without a lifespan the singleton is made on first use.
    @Test func statsCombineTheServices() async throws {
        struct City: Decodable { var city: String; var visits: Int }
        struct Dashboard: Decodable { var weather: Forecast; var visitors: Int; var popular_cities: [City] }
        let client = TestClient(app: SimpleExamples.all["simple-18-async-services"]!)
        let stats = try await client.get("/stats").json(as: Dashboard.self)
        #expect(stats.weather.city == "Portland" && stats.weather.conditions == "Rainy")
        #expect(stats.visitors == 12345)
        #expect(stats.popular_cities.map(\.city) == ["Seattle", "Portland", "San Francisco", "Los Angeles", "Denver"])
        #expect(stats.popular_cities.first?.visits == 5420)
    }
}
