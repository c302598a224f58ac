import PAGI
import PAGISimple
import Testing

@Suite struct StructuredParamsDecodingTests {
    struct Item: Codable, Equatable {
        var product: String
        var qty: Int
    }

    struct Address: Codable, Equatable {
        var street: String
        var city: String
    }

    enum Sort: String, Codable { case newest, oldest }

    struct Order: Codable, Equatable {
        var customer: String
        var rush: Bool
        var items: [Item]
        var tags: [String]
        var address: Address?
        var sort: Sort?
    }

    /// A type that decodes itself from a single value container holding a list.
    struct Tags: Decodable, Equatable {
        var all: [String]
        init(all: [String]) { self.all = all }
        init(from decoder: any Decoder) throws { self.all = try decoder.singleValueContainer().decode([String].self) }
    }

    static func params(_ query: ByteString) -> StructuredParams { StructuredParams(pairs: QueryParameters(query)) }

    @Test func formTextDecodesIntoNestedTypes() throws {
        let order = try Self.params("customer=Ada&rush=on&items[0].product=W&items[0].qty=2&items[1].product=G&items[1].qty=5&tags=a&address.street=Main&address.city=Oslo&sort=oldest")
            .decode(Order.self)
        #expect(order == Order(customer: "Ada", rush: true, items: [Item(product: "W", qty: 2), Item(product: "G", qty: 5)], tags: ["a"], address: Address(street: "Main", city: "Oslo"), sort: .oldest))
    }

    @Test func aRepeatedNameDecodesAsItsLastValueOrAsAList() throws {
        struct Pick: Decodable { var name: String; var tags: Tags; var ids: [Int] }
        let pick = try Self.params("name=John&name=Jane&tags=x&tags=y&ids[]=3&ids[]=4").decode(Pick.self)
        #expect(pick.name == "Jane" && pick.tags == Tags(all: ["x", "y"]) && pick.ids == [3, 4])
    }

    @Test func jsonValuesDecodeToo() throws {
        struct Values: Decodable { var age: Int; var ratio: Double; var ok: Bool; var note: String?; var code: String; var maybe: [Int?] }
        let values = try StructuredParams(["age": .number("36"), "ratio": .number("2.5e-1"), "ok": true, "note": .null, "code": .number("007"), "maybe": [.number("1"), .null]])
            .decode(Values.self)
        #expect(values.age == 36 && values.ratio == 0.25 && values.ok && values.note == nil && values.code == "007" && values.maybe == [1, nil])
    }

    @Test func failuresAre400NamingTheKeyPath() {
        let wrongType = #expect(throws: HTTPError.self) { try Self.params("customer=A&rush=1&items[0].product=W&items[0].qty=2&items[1].product=G&items[1].qty=two&tags=a").decode(Order.self) }
        #expect(wrongType?.status == .badRequest)
        #expect(wrongType?.message == "The parameters do not fit this request: wrong type at 'items[1].qty' ('two' is not a Int)")
        let missing = #expect(throws: HTTPError.self) { try Self.params("customer=A&rush=1&tags=a&items[0].product=W&items[0].qty=1&address.street=Main").decode(Order.self) }
        #expect(missing?.message == "The parameters do not fit this request: missing 'address.city'")
        let invalid = #expect(throws: HTTPError.self) { try Self.params("customer=A&rush=1&tags=a&items[]=x&sort=sideways").decode(Order.self) }
        #expect(invalid?.message == "The parameters do not fit this request: wrong type at 'items[0]' (expected an object, found text)")
        let shape = #expect(throws: HTTPError.self) { try Self.params("customer.first=A").decode([String: String].self) }
        #expect(shape?.message == "The parameters do not fit this request: wrong type at 'customer' (expected a single value, found an object)")
    }

    @Test func anInvalidEnumNamesItsKey() {
        struct Query: Decodable { var sort: Sort }
        let error = #expect(throws: HTTPError.self) { try Self.params("sort=sideways").decode(Query.self) }
        #expect(error?.message.hasPrefix("The parameters do not fit this request: invalid value at 'sort'") == true)
    }
}
