import PAGI
import PAGISimple
import Synchronization

extension SimpleExamples {
    struct Contact: Codable, Sendable {
        var id: Int
        var name: String
        var email: String
    }

    /// The in-memory "database" of the forms example: one per application.
    final class ContactBook: Sendable {
        private let state = Mutex((contacts: [
            Contact(id: 1, name: "John Doe", email: "john@example.com"),
            Contact(id: 2, name: "Jane Smith", email: "jane@example.com"),
        ], nextID: 3))

        var all: [Contact] { self.state.withLock { $0.contacts } }

        func find(_ id: Int) -> Contact? { self.all.first { $0.id == id } }

        func add(name: String, email: String) -> Contact {
            self.state.withLock { state in
                let contact = Contact(id: state.nextID, name: name, email: email)
                state.nextID += 1
                state.contacts.append(contact)
                return contact
            }
        }

        func update(_ id: Int, _ change: (inout Contact) -> Void) -> Contact? {
            self.state.withLock { state in
                guard let index = state.contacts.firstIndex(where: { $0.id == id }) else { return nil }
                change(&state.contacts[index])
                return state.contacts[index]
            }
        }

        func remove(_ id: Int) -> Bool {
            self.state.withLock { state in
                let before = state.contacts.count
                state.contacts.removeAll { $0.id == id }
                return state.contacts.count < before
            }
        }
    }

    /// simple-02-forms: an HTML form that posts a contact, and a JSON REST API over the
    /// contacts (list, show, create with validation, update from JSON, delete, search, bulk
    /// create), with JSON 404 and 400 pages.
    static var forms: SimpleApp {
        let app = SimpleApp(name: "Form Example")
        let book = ContactBook()

        app.get("/") { _ in
            .html("""
                <!DOCTYPE html>
                <html>
                <head><title>Contact Form</title></head>
                <body>
                    <h1>Add Contact</h1>
                    <form method="POST" action="/contacts">
                        <p><label>Name: <input type="text" name="name" required></label></p>
                        <p><label>Email: <input type="email" name="email" required></label></p>
                        <button type="submit">Add Contact</button>
                    </form>
                    <p><a href="/contacts">View All Contacts</a></p>
                </body>
                </html>

                """)
        }

        app.get("/contacts") { _ in try .json(["contacts": book.all]) }

        app.get("/contacts/:id") { context in
            let id = try context.parameter("id", as: Int.self)
            guard let contact = book.find(id) else { try abort(.notFound, "Contact \(id) not found") }
            return try .json(contact)
        }

        app.post("/contacts") { context in
            struct Created: Encodable { let success: Int; let contact: Contact }
            struct Invalid: Encodable { let success: Int; let errors: [String] }
            let name = try await context.param("name") ?? ""
            let email = try await context.param("email") ?? ""
            var errors: [String] = []
            if name.isEmpty { errors.append("Name is required") }
            if email.isEmpty { errors.append("Email is required") }
            if !email.isEmpty && !email.contains("@") { errors.append("Invalid email format") }
            guard errors.isEmpty else { return try .json(Invalid(success: 0, errors: errors), status: .badRequest) }
            return try .json(Created(success: 1, contact: book.add(name: name, email: email)), status: .created)
        }

        app.put("/contacts/:id") { context in
            struct Changes: Decodable { var name: String?; var email: String? }
            struct Updated: Encodable { let success: Int; let contact: Contact }
            let id = try context.parameter("id", as: Int.self)
            guard book.find(id) != nil else { try abort(.notFound, "Contact \(id) not found") }
            let changes = try await context.json(as: Changes.self)
            guard let contact = book.update(id, { contact in
                if let name = changes.name { contact.name = name }
                if let email = changes.email { contact.email = email }
            }) else { try abort(.notFound, "Contact \(id) not found") }
            return try .json(Updated(success: 1, contact: contact))
        }

        app.delete("/contacts/:id") { context in
            struct Deleted: Encodable { let success: Int; let message: String }
            let id = try context.parameter("id", as: Int.self)
            guard book.remove(id) else { try abort(.notFound, "Contact \(id) not found") }
            return try .json(Deleted(success: 1, message: "Contact \(id) deleted"))
        }

        app.get("/search") { context in
            struct Found: Encodable { let query: String; let contacts: [Contact] }
            let query = (context.query["q"] ?? "").lowercased()
            guard !query.isEmpty else { return try .json(["contacts": [Contact]()]) }
            let matches = book.all.filter { $0.name.lowercased().contains(query) || $0.email.lowercased().contains(query) }
            return try .json(Found(query: query, contacts: matches))
        }

        app.post("/contacts/bulk") { context in
            struct Item: Decodable { var name: String?; var email: String? }
            struct Bulk: Encodable { let success: Int; let created: Int; let contacts: [Contact] }
            let items: [Item]
            do {
                items = try await context.json(as: [Item].self)
            } catch is HTTPError {
                try abort(.badRequest, "Expected JSON array")
            }
            let created = items.compactMap { item -> Contact? in
                guard let name = item.name, !name.isEmpty, let email = item.email, !email.isEmpty else { return nil }
                return book.add(name: name, email: email)
            }
            return try .json(Bulk(success: 1, created: created.count, contacts: created), status: .created)
        }

        app.error(.notFound) { _, error in
            struct NotFound: Encodable { let error: String; let detail: String }
            let detail = error.message == "Not Found" ? "Resource not found" : error.message
            return try .json(NotFound(error: "Not Found", detail: detail), status: .notFound)
        }

        app.error(.badRequest) { _, error in
            struct BadRequest: Encodable { let error: String; let detail: String }
            return try .json(BadRequest(error: "Bad Request", detail: error.message), status: .badRequest)
        }

        return app
    }
}
