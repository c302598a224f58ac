import ArgumentParser
import PAGICommand
import PAGIServer
import PAGIServerHTTP2
import Testing

/// The `--http2*` options of `pagi-server`.
@Suite struct HTTP2CommandTests {
    @Test func http2IsOnOverTLSByDefaultWithThePerlDefaults() throws {
        let options = try #require(try ServerOptions.parse([]).http2.options())
        #expect(options.overTLS && !options.cleartext)
        #expect(options.maxConcurrentStreams == 100 && options.initialWindowSize == 65_535)
        #expect(options.maxFrameSize == 16_384 && options.maxHeaderListSize == 65_536)
        #expect(options.resetBurst == 1000 && options.resetRate == 33)
        #expect(options.webSocket)
        let tls = try #require(try ServerOptions.parse(["--ssl-cert", "c", "--ssl-key", "k"]).tls.tlsOptions(environment: [:], http2: true))
        #expect(tls.applicationProtocols == ["h2", "http/1.1"])
    }

    @Test func optionsAreParsedAndChecked() throws {
        let options = try #require(try ServerOptions.parse([
            "--no-http2", "--http2-cleartext", "--http2-max-concurrent-streams", "8", "--http2-initial-window-size", "1000",
            "--http2-max-frame-size", "32768", "--http2-max-header-list-size", "4096", "--http2-rst-burst", "10", "--http2-rst-rate", "2",
            "--no-http2-websocket",
        ]).http2.options())
        #expect(!options.webSocket)
        #expect(options.cleartext && !options.overTLS)
        #expect(options.maxConcurrentStreams == 8 && options.initialWindowSize == 1000)
        #expect(options.maxFrameSize == 32_768 && options.maxHeaderListSize == 4096)
        #expect(options.resetBurst == 10 && options.resetRate == 2)
        #expect(try ServerOptions.parse(["--no-http2"]).http2.options() == nil)
        for arguments in [["--http2-max-frame-size", "100"], ["--http2-max-concurrent-streams", "0"], ["--http2-rst-rate", "0"], ["--http2-initial-window-size", "-1"]] {
            #expect(throws: (any Error).self, "\(arguments)") { try ServerOptions.parse(arguments) }
        }
    }
}

/// nghttp and h2load (Debian's `nghttp2-client`) against cleartext HTTP/2.
@Suite(.serialized, .enabled(if: Subprocess.isInstalled("nghttp") && Subprocess.isInstalled("h2load"), "needs nghttp and h2load (apt-get install nghttp2-client)"))
struct HTTP2NghttpTests {
    @Test func nghttpSeesResponsesAndTrailers() async throws {
        let app = try HTTP2TestApp()
        try await LiveServer.runH2C(app.app) { server in
            let result = try await Subprocess.run("nghttp", ["-v", "-t", "10", "http://127.0.0.1:\(server.port)/trailers"])
            #expect(result.status == 0, "\(result.error)")
            #expect(result.output.contains("x-checksum: abc123"))
            #expect(result.output.contains("body"))
        }
    }

    @Test func h2loadRequestsAllSucceed() async throws {
        let app = try HTTP2TestApp()
        try await LiveServer.runH2C(app.app) { server in
            let result = try await Subprocess.run("h2load", ["-n", "2000", "-c", "4", "-m", "10", "http://127.0.0.1:\(server.port)/"])
            #expect(result.status == 0, "\(result.error)")
            #expect(result.output.contains("2000 succeeded, 0 failed, 0 errored"), "\(result.output)")
        }
    }
}
