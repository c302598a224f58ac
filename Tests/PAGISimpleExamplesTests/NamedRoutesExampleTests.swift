import PAGI
import PAGISimpleExamples
import PAGITesting
import Testing

@Suite struct NamedRoutesExampleTests {
    let client = TestClient(app: SimpleExamples.all["simple-11-named-routes"]!)

    @Test func pagesLinkThroughRouteNames() async throws {
        let home = try await self.client.get("/").text
        #expect(home.contains(#"<a href="/users/42/edit">/users/42/edit</a>"#))
        #expect(home.contains(#"<a href="/search?page=1&q=perl">"#))
        #expect(home.contains(#"<a href="/blog/2025/12/hello-world">"#))
        #expect(try await self.client.get("/users").text.contains(#"<a href="/users/2">Bob</a>"#))
        #expect(try await self.client.get("/users/7").text.contains(#"<a href="/users/7/edit">Edit this user</a>"#))
        let search = try await self.client.get("/search?q=swift&page=2").text
        #expect(search.contains(#"<a href="/search?page=1&q=swift">Previous</a>"#) && search.contains(#"<a href="/search?page=3&q=swift">Next</a>"#))
        #expect(try await self.client.get("/blog/2025/12/hi").text.contains("Slug: hi"))
    }

    @Test func redirectsGoToNamedRoutes() async throws {
        #expect(try await self.client.get("/go-home").headers.first(.location)?.text == "/")
        #expect(try await self.client.get("/go-user/123").headers.first(.location)?.text == "/users/123")
        #expect(try await self.client.get("/go-search").headers.first(.location)?.text == "/search?page=1&q=perl%20web")
        let moved = try await self.client.get("/moved")
        #expect(moved.status == .movedPermanently && moved.headers.first(.location)?.text == "/about")
    }

    @Test func theAPIListsTheRoutes() async throws {
        struct Listing: Decodable {
            let routes: [String: String]
            let all_named_routes: [String]
        }
        let listing = try await self.client.get("/api/users").json(as: Listing.self)
        #expect(listing.routes["user_42"] == "/users/42" && listing.routes["post"] == "/blog/2025/12/named-routes")
        #expect(listing.all_named_routes == ["about", "api_users", "home", "post_show", "search", "user_edit", "user_show", "users_list"])
    }
}
