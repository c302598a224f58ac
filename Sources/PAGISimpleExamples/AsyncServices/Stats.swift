extension AsyncServices {
    struct CityVisits: Encodable, Sendable {
        var city: String
        var visits: Int
    }

    /// The statistics service (a singleton: one instance, made at lifespan startup, shared by
    /// every request: the place for caches, counters and connection pools).
    actor Stats {
        private let visitorCount = 12345
        private let popularCities = [
            CityVisits(city: "Seattle", visits: 5420),
            CityVisits(city: "Portland", visits: 3210),
            CityVisits(city: "San Francisco", visits: 2890),
            CityVisits(city: "Los Angeles", visits: 2145),
            CityVisits(city: "Denver", visits: 1876),
        ]

        /// The number of visitors so far.
        func visitors() -> Int { self.visitorCount }

        /// The most visited cities, most visited first.
        func popular() -> [CityVisits] { self.popularCities }
    }
}
