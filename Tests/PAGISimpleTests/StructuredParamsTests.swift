import PAGI
import PAGISimple
import Testing

/// The parameters of a query string written as is (brackets need no escaping).
private func params(_ query: ByteString) -> StructuredParams {
    StructuredParams(pairs: QueryParameters(query))
}

@Suite struct StructuredParamsParsingTests {
    @Test func flatNamesStayFlat() {
        #expect(params("name=John&email=john%40example.com").value == ["name": "John", "email": "john@example.com"])
        #expect(params("").value == [:])
        #expect(params("name=&count=42&price=19.99").value == ["name": "", "count": "42", "price": "19.99"])
    }

    @Test func eachStepReturnsANewValueAndLeavesTheOriginal() throws {
        let base = params("name=John&secret=x&items[0]._destroy=1&person.name=Ada")
        let narrowed = try base.namespace("person").permitted("name").skipping(flag: "_destroy").required("name")
        #expect(narrowed.value == ["name": "Ada"])
        #expect(base.value == ["name": "John", "secret": "x", "items": [["_destroy": "1"]], "person": ["name": "Ada"]])
        #expect(base["person.name"] == "Ada" && base["nothing"] == nil)
    }

    @Test func dotsAndBracketNamesMakeObjects() {
        #expect(params("person.name=John").value == ["person": ["name": "John"]])
        #expect(params("a.b.c.d=val").value == ["a": ["b": ["c": ["d": "val"]]]])
        #expect(params("person.first=John&person[last]=Doe").value == ["person": ["first": "John", "last": "Doe"]])
        #expect(params("a[b.c]=1&x..y=2&.z=3").value == ["a": ["b.c": "1"], "x": ["y": "2"], "z": "3"])
    }

    @Test func indexesMakeLists() {
        #expect(params("items[0]=first&items[1]=second").value == ["items": ["first", "second"]])
        #expect(params("items[0].name=X&items[0].qty=2").value == ["items": [["name": "X", "qty": "2"]]])
        #expect(params("items[0].name=A&items[1].name=B").value == ["items": [["name": "A"], ["name": "B"]]])
        #expect(params("grid[0][1]=a").value == ["grid": [["a"]]])
        #expect(params("order.items[0].product[name]=Widget").value == ["order": ["items": [["product": ["name": "Widget"]]]]])
    }

    @Test func sparseIndexesAreCompactedInIndexOrder() {
        #expect(params("items[1]=val").value == ["items": ["val"]])
        #expect(params("items[3]=b&items[0]=a").value == ["items": ["a", "b"]])
        #expect(params("items[0].name=First&items[2].name=Third").value == ["items": [["name": "First"], ["name": "Third"]]])
    }

    @Test func emptyBracketsAppendAfterTheIndexedElements() {
        #expect(params("items[]=a&items[]=b").value == ["items": ["a", "b"]])
        #expect(params("items[2]=c&items[]=d&items[]=e").value == ["items": ["c", "d", "e"]])
        #expect(params("items[]=d&items[7]=c").value == ["items": ["c", "d"]])
        #expect(params("order.items[].name=X&order.items[].name=Y").value == ["order": ["items": [["name": "X"], ["name": "Y"]]]])
    }

    @Test func aRepeatedNameKeepsEveryValueAndARepeatedIndexItsLast() {
        #expect(params("tags=perl&tags=web&name=P").value == ["tags": ["perl", "web"], "name": "P"])
        #expect(params("items[0]=a&items[0]=b").value == ["items": ["b"]])
        #expect(params("name=John&name=Jane")["name"]?.text == "Jane")
    }

    @Test func theFirstShapeAtAPathWins() {
        #expect(params("a=1&a.b=2").value == ["a": "1"])
        #expect(params("a.b=2&a=1").value == ["a": ["b": "2"]])
        #expect(params("a.b=1&a[0]=2&a[]=3").value == ["a": ["b": "1"]])
        #expect(params("a[0]=x&a[0].b=y&a[1].b=z").value == ["a": ["x", ["b": "z"]]])
    }

    @Test func unusableNamesAreIgnored() {
        #expect(params("[0]=x&[]=y&=z&.=w&ok=1").value == ["ok": "1"])
        let deep = (0..<StructuredParams.maximumDepth).map { "k\($0)" }.joined(separator: ".")
        #expect(params("\(deep)=1").value.value(at: deep) == "1")
        #expect(params("\(deep).more=1").value == [:])
    }

    @Test func anUnclosedBracketIsPartOfTheName() {
        #expect(params("a[b=1").value == ["a[b": "1"])
    }

    @Test func keysKeepTheirFirstSeenOrder() {
        let source = params("zeta=1&alpha.b=2&mid=3&alpha.a=4")
        #expect(source.object.keys == ["zeta", "alpha", "mid"])
        #expect(source.namespace("alpha").object.keys == ["b", "a"])
        #expect(source["alpha"] == ["b": "2", "a": "4"] && source["alpha"] != ["a": "4", "b": "2"])
    }

    @Test func valuesAreReachedByPath() {
        let value = params("order.items[0].qty=2&order.items[1].qty=5").value
        #expect(value.value(at: "order.items[1].qty") == "5")
        #expect(value.value(at: "order.items.0.qty") == "2")
        #expect(value.value(at: "order.items[2].qty") == nil)
        #expect(value["order"]?["items"]?[0]?["qty"]?.text == "2")
    }
}

@Suite struct StructuredParamsNamespaceTests {
    @Test func aNamespaceKeepsItsKeysWithoutThePrefix() {
        let source = params("my_app.name=John&my_app.email=j%40x&other.field=ignored&my_app=flat")
        #expect(source.namespace("my_app").value == ["name": "John", "email": "j@x"])
    }

    @Test func aNamespaceKeepsRepeatedValuesAndNesting() {
        #expect(params("ns.tag=a&ns.tag=b&ns.tag=c").namespace("ns").value == ["tag": ["a", "b", "c"]])
        let order = params("my_order.line_items[0].product=Widget&my_order.line_items[0].qty=5&my_order.customer_name=John")
        #expect(order.namespace("my_order").value == ["line_items": [["product": "Widget", "qty": "5"]], "customer_name": "John"])
    }

    @Test func aNamespaceIsAPathAndTheLastOneCounts() {
        let source = params("a.b.c=1&a.x=2")
        #expect(source.namespace("a.b").value == ["c": "1"])
        #expect(source.namespace("a[b]").value == ["c": "1"])
        #expect(source.namespace("nope").value == [:])
        #expect(source.namespace("a.x").value == [:])
        #expect(source.namespace("nope").namespace("a").value == ["b": ["c": "1"], "x": "2"])
        #expect(source.namespace("a").namespace("").value == source.value)
    }
}

@Suite struct StructuredParamsPermittedTests {
    static let user = params("name=John&email=john%40example.com&password=secret")

    @Test func onlyPermittedKeysPass() {
        #expect(Self.user.permitted("name").value == ["name": "John"])
        #expect(Self.user.permitted("name", "email", "age").value == ["name": "John", "email": "john@example.com"])
        #expect(Self.user.permitted().value == Self.user.value)
        #expect(params("").permitted("name").value == [:])
    }

    @Test func callsAddUp() {
        #expect(Self.user.permitted("name").permitted("password").value == ["name": "John", "password": "secret"])
    }

    @Test func objectsPassWithTheirPermittedKeys() {
        let person = params("person.name=John&person.age=30&person.ssn=123")
        #expect(person.permitted(.object("person", "name", "age")).value == ["person": ["name": "John", "age": "30"]])
        let user = params("user.profile.name=John&user.profile.bio=Dev&user.profile.secret=x&user.email=j%40x")
        #expect(user.permitted(.object("user", "email", .object("profile", "name", "bio"))).value
            == ["user": ["profile": ["name": "John", "bio": "Dev"], "email": "j@x"]])
        #expect(user.permitted(.object("user")).value == user.value)
    }

    @Test func aSingleValueKeyDoesNotLetAnObjectThrough() {
        let sneaky = params("user.name=Ada&user.admin=1&role=a&role=b")
        #expect(sneaky.permitted("user", "role").value == ["role": "b"])
        #expect(sneaky.permitted(.object("user", "name")).value == ["user": ["name": "Ada"]])
    }

    @Test func listsOfSingleValuesKeepEveryValue() {
        let project = params("tags=perl&tags=web&tags=async&name=Project")
        #expect(project.permitted("name", .list("tags")).value == ["tags": ["perl", "web", "async"], "name": "Project"])
        #expect(params("tags=only-one").permitted(.list("tags")).value == ["tags": ["only-one"]])
        #expect(params("name=Test").permitted("name", .list("tags")).value == ["name": "Test"])
        #expect(params("tags[0]=a&tags[1]=b&tags[2].x=c").permitted(.list("tags")).value == ["tags": ["a", "b"]])
        #expect(params("tags.x=a").permitted(.list("tags")).value == [:])
    }

    @Test func listsOfObjectsKeepTheirPermittedKeys() {
        let items = params("items[0].product=Widget&items[0].qty=5&items[0].secret=x&items[1].product=Gadget&items[1].qty=3&items[2]=text")
        #expect(items.permitted(.list("items", "product", "qty")).value
            == ["items": [["product": "Widget", "qty": "5"], ["product": "Gadget", "qty": "3"]]])
        let nested = params("items[0].product.name=Widget&items[0].product.sku=W1&items[0].product.cost=100&items[0].qty=5")
        #expect(nested.permitted(.list("items", "qty", .object("product", "name", "sku"))).value
            == ["items": [["product": ["name": "Widget", "sku": "W1"], "qty": "5"]]])
    }

    @Test func mixedRulesWithANamespace() {
        let order = params(
            ByteString("order.customer_name=John+Doe&order.notes=Rush&order.secret=hidden&order.tags=urgent&order.tags=wholesale"
                + "&order.line_items[0].product=Widget&order.line_items[0].quantity=10&order.line_items[0].price=9.99"
                + "&order.line_items[1].product=Gadget&order.line_items[1].quantity=5&other.field=ignored")
        )
        let permitted = order.namespace("order")
            .permitted("customer_name", "customer_email", "notes", .list("tags"), .list("line_items", "product", "quantity"))
        #expect(permitted.value == [
            "customer_name": "John Doe", "notes": "Rush", "tags": ["urgent", "wholesale"],
            "line_items": [["product": "Widget", "quantity": "10"], ["product": "Gadget", "quantity": "5"]],
        ])
    }
}

@Suite struct StructuredParamsSkippingTests {
    @Test func flaggedRowsGoAndTheFlagWithThem() {
        let items = params("items[0].name=Keep&items[0]._destroy=0&items[0].other=data&items[1].name=Drop&items[1]._destroy=1&items[2].name=Also")
        #expect(items.skipping(flag: "_destroy").value == ["items": [["name": "Keep", "other": "data"], ["name": "Also"]]])
        #expect(items.value["items"]?[1]?["_destroy"] == "1")
    }

    @Test func aFlagIsSetByPerlsTruth() {
        let items = params("i[0].n=zero&i[0].d=0&i[1].n=empty&i[1].d=&i[2].n=one&i[2].d=1&i[3].n=yes&i[3].d=yes&i[4].n=false&i[4].d=false")
        #expect(items.skipping(flag: "d").value == ["i": [["n": "zero"], ["n": "empty"]]])
        // A hidden "0" before a checked box: the last value decides.
        #expect(params("i[0].n=a&i[0].d=0&i[0].d=1&i[1].n=b&i[1].d=0").skipping(flag: "d").value == ["i": [["n": "b"]]])
        let json = StructuredParams(["i": [["d": .bool(true)], ["d": .number("0.0")], ["d": .null], ["d": .number("2")]]])
        #expect(json.skipping(flag: "d").value == ["i": [[:], [:]]])
    }

    @Test func severalFlagsAddUp() {
        let items = params("i[0].n=keep&i[1].n=a&i[1]._destroy=1&i[2].n=b&i[2]._remove=1&i[3].n=also&i[3]._destroy=0&i[3]._remove=0")
        #expect(items.skipping(flag: "_destroy", "_remove").value == ["i": [["n": "keep"], ["n": "also"]]])
        #expect(items.skipping(flag: "_destroy").skipping(flag: "_remove").value == ["i": [["n": "keep"], ["n": "also"]]])
    }

    @Test func nestedListsAtAnyDepthAreFiltered() {
        let order = params("order.items[0].p=W&order.items[0]._destroy=0&order.items[1].p=G&order.items[1]._destroy=1&order.customer=John")
        #expect(order.skipping(flag: "_destroy").value == ["order": ["items": [["p": "W"]], "customer": "John"]])
        let deep = params("data.level1.items[0].name=Keep&data.level1.items[0].parts[0].x=1&data.level1.items[0].parts[0]._destroy=1&data.level1.items[1]._destroy=1")
        #expect(deep.skipping(flag: "_destroy").value == ["data": ["level1": ["items": [["name": "Keep", "parts": []]]]]])
    }

    @Test func skippingComesAfterTheNamespaceAndThePermittedKeys() {
        let order = params("order.items[0].p=W&order.items[0].s=x&order.items[0]._destroy=0&order.items[1].p=G&order.items[1]._destroy=1&order.c=J")
        let kept = order.skipping(flag: "_destroy").permitted("c", .list("items", "p", "_destroy")).namespace("order")
        #expect(kept.value == ["items": [["p": "W"]], "c": "J"])
    }

    @Test func whatIsNotARowStays() {
        #expect(params("name=John&_destroy=1").skipping(flag: "_destroy").value == ["name": "John", "_destroy": "1"])
        #expect(params("tags[0]=perl&tags[1]=web").skipping(flag: "_destroy").value == ["tags": ["perl", "web"]])
        #expect(params("i[0].n=a&i[0]._destroy=1&i[1].n=b&i[1]._destroy=1").skipping(flag: "_destroy").value == ["i": []])
    }
}

@Suite struct StructuredParamsRequiredTests {
    @Test func presentKeysPass() throws {
        #expect(try params("name=John&count=0&blank=+++").required("name", "count", "blank").value == ["name": "John", "count": "0", "blank": "   "])
        #expect(try params("a=1").required("a").required().value == ["a": "1"])
        #expect(try params("address.city=Oslo").required("address.city", "address").value == ["address": ["city": "Oslo"]])
    }

    @Test func missingOrEmptyKeysAnswer400NamingThem() {
        let error = #expect(throws: HTTPError.self) { try params("name=&other=x").required("a", "name", "b", "c") }
        #expect(error?.status == .badRequest)
        #expect(error?.message == "Missing required parameters: a, name, b, c")
        let null = #expect(throws: HTTPError.self) { try StructuredParams(["name": .null]).required("name") }
        #expect(null?.message == "Missing required parameters: name")
        let lastEmpty = #expect(throws: HTTPError.self) { try params("name=Ada&name=").required("name") }
        #expect(lastEmpty?.message == "Missing required parameters: name")
    }

    @Test func requiredChecksTheFilteredParameters() throws {
        let error = #expect(throws: HTTPError.self) { try params("name=John&secret=x").permitted("name").required("secret") }
        #expect(error?.message == "Missing required parameters: secret")
        let missing = #expect(throws: HTTPError.self) { try params("other.name=John").namespace("person").required("name") }
        #expect(missing?.message == "Missing required parameters: name")
        let nested = #expect(throws: HTTPError.self) { try params("address.street=Main").required("address.city") }
        #expect(nested?.message == "Missing required parameters: address.city")
        let order = try params("order.customer=John&order.items[0].product=W&order.items[0]._destroy=0&order.secret=hidden")
            .namespace("order")
            .permitted("customer", .list("items", "product", "_destroy"))
            .skipping(flag: "_destroy")
            .required("customer", "items[0].product")
        #expect(order.value == ["customer": "John", "items": [["product": "W"]]])
    }
}
