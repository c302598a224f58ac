import HTTPTypes
import NIOCore
import PAGI
import PAGIMiddleware
import PAGITesting
import Testing

@Suite struct CookiesTests {
    static let signer = CookieSigner(secrets: ["new secret, 32 bytes or more....", "old secret, 32 bytes or more...."])
    static let oldSigner = CookieSigner(secret: "old secret, 32 bytes or more....")

    /// Reports the cookies and signed cookies it saw; sets what the query asks for.
    static let app = Cookies(signer: signer).wrap(answer { request in
        let jar = request[.cookieJar]!
        switch request.queryString.text {
        case "set": jar.set(Cookie("theme", "dark mode", maxAge: 60))
        case "sign": jar.setSigned(Cookie("user", "42"))
        case "remove": jar.remove("theme")
        default: break
        }
        let plain = request[.cookies]!.values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let signed = request[.signedCookies]!.values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return "plain[\(plain.joined(separator: " "))] signed[\(signed.joined(separator: " "))]"
    })

    @Test func cookiesAreParsedIntoTheScope() async throws {
        let response = try await TestClient(app: Self.app).get("/", headers: ["cookie": "a=1; b=\"two\"; c=caf%C3%A9; a=ignored"])
        #expect(response.text == "plain[a=1 b=two c=café] signed[]")
        #expect(!response.headers.contains(.setCookie))
    }

    @Test func theJarSetsAndRemovesCookiesOnTheResponseHead() async throws {
        let client = TestClient(app: Self.app)
        #expect(try await client.get("/?set").headers.setCookie("theme") == "theme=dark%20mode; Path=/; Max-Age=60; HttpOnly; SameSite=Lax")
        #expect(try await client.get("/?remove").headers.setCookie("theme") == "theme=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT")
        // A WebSocket's acceptance carries them too.
        let socket = try await client.websocket("/?set")
        #expect(socket.acceptHeaders.cookie("theme") == "dark%20mode")
    }

    @Test func signedCookiesVerifyAndTamperedOnesAreLeftOut() async throws {
        let client = TestClient(app: Self.app)
        let signed = try #require(try await client.get("/?sign").headers.cookie("user"))
        #expect(signed.hasPrefix("42.") && signed.count == 3 + 43)
        #expect(try await client.get("/", headers: ["cookie": "user=\(signed)"]).text == "plain[user=\(signed)] signed[user=42]")
        let forged = "43" + signed.dropFirst(2)
        #expect(try await client.get("/", headers: ["cookie": "user=\(forged)"]).text == "plain[user=\(forged)] signed[]")
        // Signed for another cookie name: not valid under this one.
        let other = Self.signer.sign("42", name: "admin")
        #expect(try await client.get("/", headers: ["cookie": "user=\(other)"]).text.hasSuffix("signed[]"))
    }

    @Test func signersRotateKeys() {
        let signed = Self.oldSigner.sign("v", name: "n")
        #expect(Self.signer.verify(signed, name: "n") == "v")
        #expect(Self.signer.sign("v", name: "n") != signed)
        #expect(Self.oldSigner.verify(Self.signer.sign("v", name: "n"), name: "n") == nil)
        #expect(CookieSigner(secret: "other").verify(signed, name: "n") == nil)
        #expect(Self.signer.verify("a.b.c", name: "n") == nil && Self.signer.verify("plain", name: "n") == nil)
        // Dots in the value are fine: the signature follows the last one.
        #expect(Self.signer.verify(Self.signer.sign("a.b", name: ""), name: "") == "a.b")
    }

    @Test func cookieValuesRoundTripThroughTheirEncoding() {
        let value = "50% off; \"quoted\" ✓"
        let header = Cookie("deal", value).headerValue
        let sent = String(header.dropFirst("deal=".count).prefix { $0 != ";" })
        #expect(!sent.contains(" ") && !sent.contains(";"))
        #expect(RequestCookies(headers: ["cookie": ByteString("deal=\(sent)")])["deal"] == value)
    }
}
