import PAGI
import Testing

@Suite struct SpecValueTests {
    @Test func httpScopeUsesTheSpecKeys() throws {
        let request = RequestScope(
            method: .post,
            path: "/caf\u{E9}",
            rawPath: "/caf%E9",
            queryString: "a=1",
            headers: ["host": "example.com", "x-latin": ByteString(bytes: [0xE9])],
            client: .tcp(host: "127.0.0.1", port: 5555),
            server: .unix(path: "/tmp/pagi.sock"),
            extensions: Extensions(fullFlush: true, tls: TLSInfo(tlsVersion: 0x0304, cipherSuite: 0x1301))
        )
        let value = Scope.http(request).specValue
        #expect(value["type"] == "http")
        #expect(value["method"] == "POST")
        #expect(value["http_version"] == "1.1")
        #expect(value["raw_path"]?.stringValue == "/caf%E9")
        #expect(value["headers"] == [["host", .bytes("example.com")], ["x-latin", .bytes(ByteString(bytes: [0xE9]))]])
        #expect(value["client"] == ["127.0.0.1", 5555])
        #expect(value["server"] == ["/tmp/pagi.sock", nil])
        #expect(value["subprotocols"] == nil)
        #expect(value["pagi"] == ["version": "0.3", "spec_version": "0.3"])
        #expect(value["extensions"]?["fullflush"] == [:])
        #expect(value["extensions"]?["tls"]?["tls_version"] == 0x0304)
        #expect(value["extensions"]?["tls"]?["client_cert_chain"] == [])
        let json = value.jsonText
        #expect(json.contains("\"headers\":[[\"host\",\"example.com\"],[\"x-latin\",\"é\"]]"))
        #expect(json.contains("\"server\":[\"/tmp/pagi.sock\",null]"))
    }

    @Test func websocketScopeHasSubprotocolsAndNoMethod() {
        let value = Scope.websocket(RequestScope(scheme: "wss", subprotocols: ["chat"])).specValue
        #expect(value["subprotocols"] == ["chat"])
        #expect(value["method"] == nil)
        #expect(value["scheme"] == "wss")
    }

    @Test func lifespanScopeHasStateAndWorkerInfo() {
        let state = SharedValues()
        state["greeting"] = "hello"
        state["count"] = 3
        let value = Scope.lifespan(LifespanScope(state: state, pagi: PAGIInfo(isWorker: true, workerNumber: 2))).specValue
        #expect(value["state"] == ["greeting": "hello", "count": 3])
        #expect(value["pagi"]?["is_worker"] == 1)
        #expect(value["pagi"]?["worker_num"] == 2)
    }

    @Test func jsonEscapesStrings() {
        let value: PAGIValue = ["text": "quote \" backslash \\ newline \n tab \t bell \u{7}", "list": [1, 2.5, true, nil]]
        #expect(value.jsonText == #"{"list":[1,2.5,true,null],"text":"quote \" backslash \\ newline \n tab \t bell \u0007"}"#)
    }
}
