import PAGI
import PAGISimple
import PAGITesting
import Testing

@Suite struct StructuredParamsContextTests {
    static let client: TestClient = {
        let app = SimpleApp()
        app.post("/orders") { context in
            let order = try await context.structuredBody()
                .namespace("order")
                .permitted("customer", "rush", .list("items", "product", "qty", "_destroy"), .list("tags"), .object("address", "street", "city"))
                .skipping(flag: "_destroy")
                .required("customer", "items")
                .decode(StructuredParamsDecodingTests.Order.self)
            return try .json(order)
        }
        app.post("/echo") { context in .text(try await context.structuredBody(limit: 200).value.description) }
        app.post("/json") { context in try .json(try await context.structuredBody().value) }
        app.post("/data") { context in .text(try await context.structuredData().value.description) }
        app.get("/search") { context in .text(context.structuredQuery().permitted("q", .object("filter", .list("tags"))).value.description) }
        return TestClient(app: app.application)
    }()

    @Test func aFormBodyDecodesIntoANestedType() async throws {
        let body = "order.customer=Ada&order.rush=yes&order.admin=1&order.items%5B0%5D.product=W&order.items%5B0%5D.qty=2"
            + "&order.items%5B1%5D.product=G&order.items%5B1%5D.qty=1&order.items%5B1%5D._destroy=1&order.tags=x&order.tags=y"
        let response = try await Self.client.post("/orders", headers: ["content-type": "application/x-www-form-urlencoded"], body: .text(body))
        #expect(response.status == .ok)
        #expect(try response.json(as: StructuredParamsDecodingTests.Order.self)
            == .init(customer: "Ada", rush: true, items: [.init(product: "W", qty: 2)], tags: ["x", "y"], address: nil, sort: nil))
    }

    @Test func aMissingRequiredKeyIs400() async throws {
        let response = try await Self.client.post("/orders", body: "order.rush=1&order.customer=")
        #expect(response.status == .badRequest)
        #expect(response.text == "Missing required parameters: customer, items")
    }

    @Test func aJSONBodyBecomesATree() async throws {
        let json = #"{"z": 1.50, "a": {"big": 1234567890123456789, "t": true, "n": null}, "s": "q\"\\\u00e9\ud83d\ude00", "l": [-0, 2e+3]}"#
        let response = try await Self.client.post("/echo", headers: ["content-type": "application/vnd.api+json; charset=utf-8"], body: .text(json))
        #expect(response.text == #"{"a": {"big": 1234567890123456789, "n": null, "t": true}, "l": [0, 2000], "s": "q\"\\é😀", "z": 1.5}"#)
        let order = try await Self.client.post("/orders", headers: ["content-type": "application/json"], body: #"{"order": {"customer": "Ada", "rush": false, "items": [{"product": "W", "qty": 3, "_destroy": false}], "tags": []}}"#)
        #expect(try order.json(as: StructuredParamsDecodingTests.Order.self) == .init(customer: "Ada", rush: false, items: [.init(product: "W", qty: 3)], tags: []))
    }

    @Test func valuesEncodeBackToJSON() async throws {
        let response = try await Self.client.post("/json", headers: ["content-type": "application/json"], body: #"{"b": [1, 2.5, "x", true, null], "a": {"c": "d"}}"#)
        #expect(response.text == #"{"a":{"c":"d"},"b":[1,2.5,"x",true,null]}"#)
    }

    @Test func badJSONIs400() async throws {
        let bodies = [
            #"{"a": 01}"#, "{\"a\": \"x\ny\"}", #"{"a": tru}"#, #"{"a": 1} x"#, #"{"a": "\u12G4"}"#, #"{"a""#, #"{"s": "\ud800"}"#,
        ]
        for body in bodies {
            let response = try await Self.client.post("/echo", headers: ["content-type": "application/json"], body: .text(body))
            #expect(response.status == .badRequest && response.text.hasPrefix("The body is not valid JSON: "), "\(body): \(response.text)")
        }
        let invalidUTF8 = try await Self.client.post("/echo", headers: ["content-type": "application/json"], body: .bytes(ByteBuffer(bytes: [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D])))
        #expect(invalidUTF8.status == .badRequest)
        let list = try await Self.client.post("/echo", headers: ["content-type": "application/json"], body: .text("[1]"))
        #expect(list.status == .badRequest && list.text == "The JSON body is not an object")
    }

    @Test func bodiesOverTheLimitAre413AndEmptyOnesHaveNoParameters() async throws {
        #expect(try await Self.client.post("/echo", body: .text(String(repeating: "a", count: 201))).status == .contentTooLarge)
        let empty = try await Self.client.post("/echo", headers: ["content-type": "application/json"])
        #expect(empty.status == .ok && empty.text == "{}")
    }

    @Test func theQueryIsStructuredToo() async throws {
        let response = try await Self.client.get("/search?q=swift&filter.tags%5B%5D=a&filter.tags%5B%5D=b&filter.admin=1&debug=1")
        #expect(response.text == #"{"q": "swift", "filter": {"tags": ["a", "b"]}}"#)
    }

    @Test func dataLaysTheBodyOverTheQuery() async throws {
        let form = try await Self.client.post("/data?shared=query&query_only=yes&f.a=1&f.b=2", body: "shared=body&body_only=yes&f.b=3&f.c=4")
        #expect(form.text == #"{"shared": "body", "query_only": "yes", "f": {"a": "1", "b": "3", "c": "4"}, "body_only": "yes"}"#)
        let json = try await Self.client.post("/data?page=2&f.a=1", headers: ["content-type": "application/json"], body: #"{"f": [1], "q": "x"}"#)
        #expect(json.text == #"{"page": "2", "f": [1], "q": "x"}"#)
    }
}
