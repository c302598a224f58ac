@testable import PAGICommand
import Testing

/// The YAML that config files use, and a clear refusal, with its line, of the rest.
@Suite struct ConfigYAMLTests {
    func parse(_ text: String) throws -> FileValue { try ConfigYAML.parse(text) }

    func refusal(_ text: String) -> String? {
        #expect(throws: ConfigurationError.self) { try ConfigYAML.parse(text) }?.description
    }

    @Test func mappingsListsAndScalars() throws {
        let value = try self.parse("""
            ---
            # a comment
            host: 0.0.0.0   # after a value
            port: 8000
            empty:
            root-path: "/api # not a comment"
            format: '%h ''quoted'' %r'
            escapes: "tab\\there \\u00e9 \\"q\\""
            ssl:
              cert: /etc/pagi/server.pem
              nested:
                deeper: yes
            ips: [10.0.0.1, "10.0.0.2", '::1']
            listen:
              - 127.0.0.1:8000
              - unix:/tmp/pagi.sock
            same-indent:
            - a
            - b
            after: done
            windows: line\r
            """)
        #expect(value == .table([
            "host": .scalar("0.0.0.0"),
            "port": .scalar("8000"),
            "empty": .null,
            "root-path": .scalar("/api # not a comment"),
            "format": .scalar("%h 'quoted' %r"),
            "escapes": .scalar("tab\there é \"q\""),
            "ssl": .table(["cert": .scalar("/etc/pagi/server.pem"), "nested": .table(["deeper": .scalar("yes")])]),
            "ips": .list(["10.0.0.1", "10.0.0.2", "::1"]),
            "listen": .list(["127.0.0.1:8000", "unix:/tmp/pagi.sock"]),
            "same-indent": .list(["a", "b"]),
            "after": .scalar("done"),
            "windows": .scalar("line"),
        ]))
        #expect(try self.parse("") == .table([:]))
        #expect(try self.parse("# only comments\n\n") == .table([:]))
        #expect(try self.parse("url: http://example.com:8080/x") == .table(["url": .scalar("http://example.com:8080/x")]))
        #expect(try self.parse("- a\n- b\n") == .list(["a", "b"]))
    }

    @Test func whatItDoesNotReadIsRefusedWithItsLine() {
        #expect(self.refusal("a: 1\n\tb: 2") == "line 2: indent with spaces, not tabs")
        #expect(self.refusal("a: &anchor 1") == "line 1: anchors, aliases and tags are not supported")
        #expect(self.refusal("a: !!str 1") == "line 1: anchors, aliases and tags are not supported")
        #expect(self.refusal("a: |\n  text") == "line 1: block scalars (| and >) are not supported: write the value on one line")
        #expect(self.refusal("a: {b: 1}") == "line 1: flow mappings ({...}) are not supported: write one 'name: value' per line")
        #expect(self.refusal("a: 1\n  b: 2") == "line 2: unexpected indentation")
        #expect(self.refusal("a: 1\na: 2") == "line 2: 'a' appears twice")
        #expect(self.refusal("a: \"open") == "line 1: a quoted value must end on the same line")
        #expect(self.refusal("a: [1, 2") == "line 1: a list opened with [ must close with ] on the same line")
        #expect(self.refusal("a: \"x\\q\"") == "line 1: unknown escape '\\q'")
        #expect(self.refusal("just text") == "line 1: expected 'name: value'")
        #expect(self.refusal("a: 1\n---\nb: 2") == "line 2: one document only")
        #expect(self.refusal("a:\n  - x: 1") == "line 2: a list item must be a single value")
        #expect(self.refusal("a:\n  - [1]") == "line 2: a list item must be a single value")
    }
}
