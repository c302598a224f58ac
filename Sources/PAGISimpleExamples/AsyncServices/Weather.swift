#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension AsyncServices {
    /// A forecast as the weather service reports it.
    struct Forecast: Encodable, Sendable {
        var city: String
        var temperature: Int
        var conditions: String
        var humidity: Int
        var unit = "F"
        var fetched_at: Int
    }

    /// The weather service (a factory: a new instance for every lookup). Its data is canned;
    /// a real one would call a weather API here.
    struct Weather: Sendable {
        private static let cities: [String: (temperature: Int, conditions: String, humidity: Int)] = [
            "Seattle": (52, "Cloudy", 75),
            "Portland": (55, "Rainy", 85),
            "San Francisco": (62, "Foggy", 70),
            "Los Angeles": (75, "Sunny", 45),
            "Denver": (45, "Clear", 30),
            "Austin": (80, "Sunny", 60),
        ]

        /// The forecast for `city`; a city it does not know gets mild, unknown weather.
        func forecast(for city: String) async -> Forecast {
            let weather = Self.cities[city] ?? (70, "Unknown", 50)
            return Forecast(
                city: city, temperature: weather.temperature, conditions: weather.conditions, humidity: weather.humidity,
                fetched_at: Int(Date().timeIntervalSince1970)
            )
        }
    }
}
