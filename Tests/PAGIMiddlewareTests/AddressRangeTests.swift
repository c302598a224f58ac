import PAGI
import PAGIMiddleware
import Testing

@Suite struct AddressRangeTests {
    @Test func ipv4RangesAndAddresses() throws {
        let private10 = try AddressRange("10.0.0.0/8")
        #expect(private10.contains("10.0.0.0") && private10.contains("10.255.255.255") && private10.contains("10.1.2.3"))
        #expect(!private10.contains("11.0.0.0") && !private10.contains("9.255.255.255"))
        let single = try AddressRange("192.168.1.20")
        #expect(single.contains("192.168.1.20") && !single.contains("192.168.1.21"))
        let odd = try AddressRange("172.16.0.0/12")
        #expect(odd.contains("172.31.255.255") && !odd.contains("172.32.0.0"))
        #expect(try AddressRange("0.0.0.0/0").contains("203.0.113.9"))
    }

    @Test func ipv6RangesAndAddresses() throws {
        let loopback = try AddressRange("::1")
        #expect(loopback.contains("::1") && loopback.contains("0:0:0:0:0:0:0:1") && !loopback.contains("::2"))
        let documentation = try AddressRange("2001:db8::/32")
        #expect(documentation.contains("2001:db8::1") && documentation.contains("2001:0db8:ffff::abcd"))
        #expect(!documentation.contains("2001:db9::1") && !documentation.contains("10.0.0.1"))
        let linkLocal = try AddressRange("fe80::/10")
        #expect(linkLocal.contains("fe80::1%eth0") && linkLocal.contains("[febf::1]") && !linkLocal.contains("fec0::1"))
        #expect(try AddressRange("::/0").contains("2001:db8::1"))
    }

    @Test func ipv4MappedIPv6AddressesMatchIPv4Ranges() throws {
        let range = try AddressRange("10.0.0.0/8")
        #expect(range.contains("::ffff:10.1.2.3") && range.contains("::ffff:a01:203"))
        #expect(!range.contains("::ffff:11.1.2.3"))
        let mapped = try AddressRange("::ffff:0:0/96")
        #expect(mapped.contains("127.0.0.1") && !mapped.contains("::1"))
        #expect(try AddressRange("::ffff:10.0.0.0/104").contains("10.9.9.9"))
    }

    @Test func hostBitsPastThePrefixAreCleared() throws {
        #expect(try AddressRange("10.1.2.3/8").description == "10.0.0.0/8")
        #expect(try AddressRange("2001:db8:1234::5/32").description == "2001:db8::/32")
        #expect(try AddressRange("::1").description == "::1/128")
        #expect(try AddressRange("127.0.0.1").description == "127.0.0.1/32")
        #expect(try AddressRange("10.1.2.3/8") == AddressRange("10.0.0.0/8"))
    }

    @Test(arguments: ["", "localhost", "10.0.0", "10.0.0.256", "10.0.0.0/33", "::1/129", "10.0.0.0/", "/8", "10.0.0.0/-1", "10.0.0.0/8/8", "10.0.0.0/٣", "::g", "1::2::3"])
    func invalidTextIsRefused(_ text: String) {
        #expect(throws: AddressRangeError.self) { try AddressRange(text) }
    }

    @Test func theErrorSaysWhatIsWrong() {
        #expect(throws: AddressRangeError(text: "10.0.0.0/40", reason: "the prefix length must be a number from 0 to 32")) {
            try AddressRange("10.0.0.0/40")
        }
        #expect(throws: AddressRangeError(text: "db.internal", reason: "not an IPv4 or IPv6 address")) {
            try AddressRange("db.internal")
        }
    }

    @Test func whatIsNotAnAddressIsInNoRange() throws {
        let everything = try AddressRange("::/0")
        #expect(!everything.contains("") && !everything.contains("example.com") && !everything.contains("10.0.0.1/8"))
        #expect(!everything.contains(NetworkAddress.unix(path: "/tmp/pagi.sock")))
        #expect(everything.contains(NetworkAddress.tcp(host: "::1", port: 80)))
    }

    @Test func listsParseFromCommaSeparatedText() throws {
        let list = try AddressRangeList(" 127.0.0.1, ::1,10.0.0.0/8 ,, ")
        #expect(list.ranges.count == 3 && !list.containsEverything && !list.isEmpty)
        #expect(list.contains("127.0.0.1") && list.contains("::1") && list.contains("10.4.5.6") && list.contains("::ffff:10.4.5.6"))
        #expect(!list.contains("192.168.0.1") && !list.contains(NetworkAddress.unix(path: "/s")))
        #expect(list.description == "127.0.0.1/32, ::1/128, 10.0.0.0/8")
        #expect(try AddressRangeList("").isEmpty && AddressRangeList().isEmpty)
        #expect(try AddressRangeList(["192.168.0.0/16"]).contains("192.168.3.4"))
    }

    @Test func aStarListContainsEveryClient() throws {
        let list = try AddressRangeList("*")
        #expect(list.containsEverything && list.contains("203.0.113.1") && list.contains(NetworkAddress.unix(path: "/s")))
        #expect(list.description == "*")
    }

    @Test func aListWithAnInvalidEntryIsRefused() {
        #expect(throws: AddressRangeError(text: "10.0.0.0/99", reason: "the prefix length must be a number from 0 to 32")) {
            try AddressRangeList("127.0.0.1, 10.0.0.0/99")
        }
    }
}
