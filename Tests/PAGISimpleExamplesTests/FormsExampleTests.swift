import PAGI
import PAGISimpleExamples
import PAGITesting
import Testing

@Suite struct FormsExampleTests {
    let client = TestClient(app: SimpleExamples.all["simple-02-forms"]!)
    static let form: Headers = ["content-type": "application/x-www-form-urlencoded"]
    static let json: Headers = ["content-type": "application/json"]

    @Test func theFormPageAndTheList() async throws {
        let page = try await self.client.get("/")
        #expect(page.text.contains(#"<form method="POST" action="/contacts">"#))
        #expect(try await self.client.get("/contacts").text == #"{"contacts":[{"email":"john@example.com","id":1,"name":"John Doe"},{"email":"jane@example.com","id":2,"name":"Jane Smith"}]}"#)
        #expect(try await self.client.get("/contacts/2").text == #"{"email":"jane@example.com","id":2,"name":"Jane Smith"}"#)
        let missing = try await self.client.get("/contacts/9")
        #expect(missing.status == .notFound && missing.text == #"{"detail":"Contact 9 not found","error":"Not Found"}"#)
        #expect(try await self.client.get("/nowhere").text == #"{"detail":"Resource not found","error":"Not Found"}"#)
    }

    @Test func creatingValidatesTheForm() async throws {
        let created = try await self.client.post("/contacts", headers: Self.form, body: .text("name=Ada+Lovelace&email=ada%40example.com"))
        #expect(created.status == .created && created.text == #"{"contact":{"email":"ada@example.com","id":3,"name":"Ada Lovelace"},"success":1}"#)
        let invalid = try await self.client.post("/contacts", headers: Self.form, body: .text("email=nope"))
        #expect(invalid.status == .badRequest && invalid.text == #"{"errors":["Name is required","Invalid email format"],"success":0}"#)
        let empty = try await self.client.post("/contacts", headers: Self.form, body: .text(""))
        #expect(empty.text == #"{"errors":["Name is required","Email is required"],"success":0}"#)
    }

    @Test func updateDeleteSearchAndBulk() async throws {
        let updated = try await self.client.put("/contacts/1", headers: Self.json, body: .text(#"{"email":"jd@example.com"}"#))
        #expect(updated.text == #"{"contact":{"email":"jd@example.com","id":1,"name":"John Doe"},"success":1}"#)
        #expect(try await self.client.put("/contacts/8", headers: Self.json, body: .text("{}")).status == .notFound)
        #expect(try await self.client.get("/search?q=JANE").text == #"{"contacts":[{"email":"jane@example.com","id":2,"name":"Jane Smith"}],"query":"jane"}"#)
        #expect(try await self.client.get("/search").text == #"{"contacts":[]}"#)
        let bulk = try await self.client.post("/contacts/bulk", headers: Self.json, body: .text(#"[{"name":"A","email":"a@x"},{"name":"B"}]"#))
        #expect(bulk.status == .created && bulk.text == #"{"contacts":[{"email":"a@x","id":3,"name":"A"}],"created":1,"success":1}"#)
        let notArray = try await self.client.post("/contacts/bulk", headers: Self.json, body: .text(#"{"name":"A"}"#))
        #expect(notArray.status == .badRequest && notArray.text == #"{"detail":"Expected JSON array","error":"Bad Request"}"#)
        #expect(try await self.client.delete("/contacts/2").text == #"{"message":"Contact 2 deleted","success":1}"#)
        #expect(try await self.client.delete("/contacts/2").status == .notFound)
        #expect(try await self.client.get("/contacts/abc").status == .notFound)
    }
}
