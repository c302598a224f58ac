import PAGI
import PAGISimpleExamples
import PAGITesting
import Testing

@Suite struct MountExampleTests {
    let client = TestClient(app: SimpleExamples.all["simple-12-mount"]!)

    @Test func eachMountedAppAnswersUnderItsPrefix() async throws {
        #expect(try await self.client.get("/health").text == #"{"app":"main","status":"ok"}"#)
        #expect(try await self.client.get("/api/v1/").text.contains(#""version":"v1""#))
        #expect(try await self.client.get("/api/v1/users/2").text == #"{"email":"bob@example.com","id":2,"name":"Bob"}"#)
        #expect(try await self.client.get("/api/v1/users/9").status == .notFound)
        let v2 = try await self.client.get("/api/v2/users/1").text
        #expect(v2.contains(#""role":"admin""#) && v2.contains(#""self":"/api/v2/users/1""#))
        let missing = try await self.client.get("/api/v2/users/9")
        #expect(missing.status == .notFound && missing.text.contains(#""code":"NOT_FOUND""#))
    }

    @Test func mountInformationAndCreation() async throws {
        #expect(try await self.client.get("/api/v1/info").text.contains(#""full_path":"/api/v1/info","local_path":"/info","mount_path":"/api/v1""#))
        let created = try await self.client.post("/api/v2/users", body: .text(#"{"name":"Dana","email":"dana@example.com"}"#))
        #expect(created.status == .created && created.text.contains(#""id":4"#) && created.text.contains(#""role":"user""#))
        #expect(try await self.client.get("/api/v2/users").text.contains(#""total":4"#))
    }

    @Test func theAdminMountRunsItsMiddleware() async throws {
        let stats = try await self.client.get("/admin/stats")
        #expect(stats.headers.first("x-admin-auth")?.text == "simulated")
        #expect(stats.text.contains(#""local_path":"/stats","mount_path":"/admin""#))
        let dashboard = try await self.client.get("/admin/dashboard")
        #expect(dashboard.status == .found && dashboard.headers.first(.location)?.text == "/admin/")
        #expect(try await self.client.get("/health").headers.first("x-admin-auth") == nil)
    }
}
