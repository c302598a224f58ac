#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPTypes
import NIOCore
import PAGI
import PAGISimple
import PAGITesting
import Testing

/// The shop of the guide's "Putting it together" (docs/simple/README.md), so that its code
/// keeps compiling and doing what the guide says.
@Suite struct TutorialTests {
    struct Book: Codable, Sendable { var id: Int; var title: String; var price: Int }

    actor Catalogue {
        var books = [Book(id: 1, title: "Dune", price: 12), Book(id: 3, title: "Emma", price: 8)]
        var orders = 0
        func all() -> [Book] { self.books }
        func find(_ id: Int) -> Book? { self.books.first { $0.id == id } }
        func place() { self.orders += 1 }
    }

    static func shop(public directory: String, books: Catalogue) -> SimpleApp {
        let shop = SimpleApp(name: "Shop")
        shop.get("/books", name: "books") { _ in try .json(await books.all()) }
        shop.get("/books/:id", where: ["id": .int], name: "book") { context in
            guard let book = await books.find(try context.parameter("id", as: Int.self)) else { try abort(.notFound, "No such book") }
            return try .json(book)
        }
        shop.error(.notFound) { _, error in try .json(["error": error.message], status: .notFound) }

        struct Order: Decodable { struct Line: Decodable { var book: Int; var qty: Int }; var email: String; var items: [Line] }
        shop.post("/orders") { context in
            let order = try await context.structuredBody()
                .namespace("order").permitted("email", .list("items", "book", "qty"))
                .required("email", "items").decode(Order.self)
            if !order.items.isEmpty { await books.place() }
            return try context.redirect(toRoute: "books", status: .seeOther)
        }

        let admin = SimpleApp(name: "Admin")
        admin.before { context in context.cookies["staff"] == nil ? .text("Staff only", status: .unauthorized) : nil }
        admin.post("/books/:id/cover", where: ["id": .int]) { context in
            let cover = try await context.multipart().requiredUpload("cover")
            guard cover.contentType.hasPrefix("image/") else { try abort(.unsupportedMediaType) }
            try FileManager.default.createDirectory(atPath: directory + "/covers", withIntermediateDirectories: true)
            try await cover.move(to: directory + "/covers/\(try context.parameter("id", as: Int.self)).jpg")
            return .empty(status: .created)
        }
        shop.mount("/admin", admin)
        shop.staticFiles("/static", directory: directory)
        shop.get("/") { _ in .file(directory + "/index.html") }
        return shop
    }

    @Test func theShopDoesWhatTheGuideSays() async throws {
        let directory = try TemporaryDirectory(files: ["index.html": "<h1>Shop</h1>"])
        let books = Catalogue()
        let client = TestClient(app: Self.shop(public: directory.path, books: books).application)
        #expect(try await client.get("/").text == "<h1>Shop</h1>")
        #expect(try await client.get("/books/3").text == #"{"id":3,"price":8,"title":"Emma"}"#)
        #expect(try await client.get("/books/2").text == #"{"error":"No such book"}"#)
        let form: Headers = ["content-type": "application/x-www-form-urlencoded"]
        let ordered = try await client.post("/orders", headers: form, body: .text("order.email=a%40b.c&order.items[0].book=3&order.items[0].qty=2&order.admin=1"))
        let orders = await books.orders
        #expect(ordered.status == .seeOther && ordered.headers.first(.location) == "/books" && orders == 1)
        let incomplete = try await client.post("/orders", headers: form, body: .text("order.items[0].book=3"))
        #expect(incomplete.status == .badRequest && incomplete.text.contains("email"))
        let multipart: Headers = ["content-type": "multipart/form-data; boundary=B", "cookie": "staff=1"]
        let cover = "--B\r\nContent-Disposition: form-data; name=\"cover\"; filename=\"c.jpg\"\r\nContent-Type: image/jpeg\r\n\r\nJPEG\r\n--B--\r\n"
        #expect(try await client.post("/admin/books/3/cover", headers: ["content-type": "multipart/form-data; boundary=B"], body: .text(cover)).status == .unauthorized)
        #expect(try await client.post("/admin/books/3/cover", headers: multipart, body: .text(cover)).status == .created)
        #expect(try await client.get("/static/covers/3.jpg").text == "JPEG")
    }
}
