@testable import PAGIServer
import Testing

@Suite struct PerMessageDeflateNegotiationTests {
    private func negotiate(_ offers: String..., forced: Bool = false) -> PerMessageDeflateAgreement? {
        PerMessageDeflateAgreement.negotiate(offers: offers, serverNoContextTakeover: forced)
    }

    @Test func acceptsAPlainOffer() throws {
        let agreement = try #require(negotiate("permessage-deflate"))
        #expect(agreement.response == "permessage-deflate")
        #expect(!agreement.serverNoContextTakeover && !agreement.clientNoContextTakeover)
        #expect(agreement.serverMaxWindowBits == 15 && agreement.clientMaxWindowBits == 15)
    }

    @Test func answersEveryParameterTheClientAskedFor() throws {
        let agreement = try #require(negotiate(
            "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10; client_max_window_bits=9"
        ))
        #expect(agreement.response == "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10; client_max_window_bits=9")
        #expect(agreement.serverMaxWindowBits == 10 && agreement.clientMaxWindowBits == 9)
    }

    @Test func namesTheClientWindowOnlyWhenOffered() throws {
        #expect(try #require(negotiate("permessage-deflate; client_max_window_bits")).response == "permessage-deflate")
        #expect(try #require(negotiate("permessage-deflate; client_max_window_bits=\"12\"")).response == "permessage-deflate; client_max_window_bits=12")
    }

    @Test func takesTheFirstAcceptableOfSeveralOffers() throws {
        let agreement = try #require(negotiate("x-webkit-deflate-frame, permessage-deflate; server_max_window_bits=8, permessage-deflate; client_max_window_bits"))
        #expect(agreement.response == "permessage-deflate")
        let split = try #require(negotiate("permessage-deflate; unknown_parameter", "PerMessage-Deflate ; Server_No_Context_Takeover"))
        #expect(split.serverNoContextTakeover)
    }

    @Test(arguments: [
        "permessage-deflate; server_max_window_bits",
        "permessage-deflate; server_max_window_bits=16",
        "permessage-deflate; server_max_window_bits=7",
        "permessage-deflate; server_max_window_bits=+9",
        "permessage-deflate; client_max_window_bits=1a",
        "permessage-deflate; server_no_context_takeover=1",
        "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
        "permessage-deflate; mystery",
        "deflate-frame",
    ])
    func declinesInvalidOffers(_ offer: String) {
        #expect(negotiate(offer) == nil)
    }

    @Test func canResetTheServersContextUnasked() throws {
        let agreement = try #require(negotiate("permessage-deflate", forced: true))
        #expect(agreement.serverNoContextTakeover)
        #expect(agreement.response == "permessage-deflate; server_no_context_takeover")
    }
}
