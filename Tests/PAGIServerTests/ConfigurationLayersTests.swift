import ArgumentParser
import Foundation
@testable import PAGICommand
import PAGIServer
import Testing

/// `--config FILE` and `PAGI_*` variables under the command line: every option in all three
/// places, command line first, then environment, then file, then default.
@Suite struct ConfigurationLayersTests {
    let catalog = OptionCatalog(ServerOptions.self)

    /// A config file in a fresh temporary directory.
    func file(_ name: String, _ text: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pagi-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func options(_ commandLine: [String], environment: [String: String] = [:]) throws -> ServerOptions {
        try ServerOptions.parse(LayeredArguments(catalog: self.catalog, commandLine: commandLine, environment: environment).arguments)
    }

    func error(_ commandLine: [String], environment: [String: String] = [:]) -> String? {
        #expect(throws: ConfigurationError.self) {
            try LayeredArguments(catalog: self.catalog, commandLine: commandLine, environment: environment)
        }?.description
    }

    /// The catalog is the argument parser's own description: long names, short spellings,
    /// switches and their inversions, option groups, defaults.
    @Test func theCatalogListsEveryOptionOnce() throws {
        let keys = self.catalog.options.map(\.key)
        #expect(Set(keys).count == keys.count)
        for key in ["host", "port", "uds", "timeout-keep-alive", "ssl-cert", "ssl-key-password", "env", "proxy-headers", "no-access-log"] {
            #expect(keys.contains(key), "\(key)")
        }
        for key in ["config", "print-config", "help"] { #expect(!keys.contains(key), "\(key)") }
        let proxy = try #require(self.catalog.option(forKey: "proxy_headers"))
        #expect(proxy.isFlag && proxy.isInvertible && proxy.defaultScalar == "true")
        let noAccessLog = try #require(self.catalog.option(forKey: "no-access-log"))
        #expect(noAccessLog.isFlag && !noAccessLog.isInvertible && noAccessLog.defaultScalar == "false")
        #expect(self.catalog.option(spelledAs: "-E")?.key == "env")
        #expect(self.catalog.option(forKey: "port")?.defaultScalar == "5000")
        #expect(self.catalog.option(forKey: "ssl-key-password")?.environmentName == "PAGI_SSL_KEY_PASSWORD")
    }

    @Test func aYAMLFileSetsOptionsByTheirLongNames() throws {
        let path = try self.file("pagi.yaml", """
            # Comments are fine.
            host: 0.0.0.0
            port: 8123
            timeout_keep_alive: 2.5
            proxy-headers: false
            no-access-log: yes
            access-log-format: "%h %r %s"
            ssl:
              min-version: 1.3
            """)
        let options = try self.options(["--config", path])
        #expect(options.host == "0.0.0.0" && options.port == 8123)
        #expect(options.timeoutKeepAlive == 2.5)
        #expect(!options.proxyHeaders && options.noAccessLog)
        #expect(options.accessLogFormat == "%h %r %s")
        #expect(options.tls.sslMinVersion == .tls13)
    }

    @Test func aJSONFileToo() throws {
        let path = try self.file("pagi.json", #"{"port": 8124, "date-header": false, "root-path": "/api", "ssl": {"verify-client": "none"}}"#)
        let options = try self.options(["--config=\(path)"])
        #expect(options.port == 8124 && !options.dateHeader && options.rootPath == "/api")
    }

    @Test func theCommandLineBeatsTheEnvironmentWhichBeatsTheFile() throws {
        let path = try self.file("pagi.yaml", "port: 7000\nroot-path: /file\n")
        let environment = ["PAGI_CONFIG": path, "PAGI_PORT": "7001"]
        #expect(try self.options(["--port", "7002"], environment: environment).port == 7002)
        #expect(try self.options([], environment: environment).port == 7001)
        #expect(try self.options([], environment: ["PAGI_CONFIG": path]).port == 7000)
        #expect(try self.options([], environment: environment).rootPath == "/file")
        // --config on the command line beats PAGI_CONFIG.
        let other = try self.file("other.yaml", "port: 7003\n")
        #expect(try self.options(["--config", other], environment: ["PAGI_CONFIG": path]).port == 7003)
        // A switch turned off on the command line stays off.
        let on = try self.file("on.yaml", "date-header: true\n")
        #expect(try !self.options(["--config", on, "--no-date-header"]).dateHeader)
        #expect(try !self.options(["--config", on], environment: ["PAGI_DATE_HEADER": "off"]).dateHeader)
    }

    /// Where to listen is one setting: `--port` on the command line is not beaten by a
    /// Unix socket in the file.
    @Test func listeningOptionsGoTogether() throws {
        let path = try self.file("pagi.yaml", "uds: /tmp/pagi-test.sock\nhost: 0.0.0.0\n")
        let options = try self.options(["--config", path, "--port", "9000"])
        #expect(options.uds == nil && options.port == 9000 && options.host == "127.0.0.1")
        #expect(try self.options(["--config", path]).uds == "/tmp/pagi-test.sock")
        #expect(try self.options(["--config", path], environment: ["PAGI_PORT": "9001"]).uds == nil)
    }

    @Test func aYAMLListGivesSeveralListeners() throws {
        let path = try self.file("pagi.yaml", "listen:\n  - 127.0.0.1:8001\n  - unix:/tmp/pagi-listen.sock\n")
        let options = try self.options(["--config", path])
        #expect(options.listen == ["127.0.0.1:8001", "unix:/tmp/pagi-listen.sock"])
        #expect(try options.configuration().bindings == [.tcp(host: "127.0.0.1", port: 8001), .unixSocket(path: "/tmp/pagi-listen.sock")])
        // --port on the command line replaces the file's listeners, as any listening option does.
        #expect(try self.options(["--config", path, "--port", "9000"]).listen.isEmpty)
    }

    @Test func badFilesAndValuesAreOneClearLine() throws {
        let typo = try self.file("typo.yaml", "prot: 8000\n")
        #expect(self.error(["--config", typo]) == "config file '\(typo)': unknown option 'prot' (did you mean 'port'?)")
        let twice = try self.file("twice.yaml", "timeout-keep-alive: 1\ntimeout_keep_alive: 2\n")
        #expect(self.error(["--config", twice]) == "config file '\(twice)': 'timeout-keep-alive' is set twice")
        let list = try self.file("list.yaml", "port: [1, 2]\n")
        #expect(self.error(["--config", list]) == "'port' in config file '\(list)' takes one value, not a list")
        let empty = try self.file("empty.yaml", "port:\n")
        #expect(self.error(["--config", empty]) == "config file '\(empty)': 'port' has no value")
        let notYAML = try self.file("bad.yaml", "port: [8000\n")
        #expect(self.error(["--config", notYAML]) == "config file '\(notYAML)': not valid YAML (line 1: a list opened with [ must close with ] on the same line)")
        let notJSON = try self.file("bad.json", "{\"port\": }")
        #expect(self.error(["--config", notJSON])?.hasPrefix("config file '\(notJSON)': not valid JSON") == true)
        let scalar = try self.file("scalar.yaml", "- 8000\n")
        #expect(self.error(["--config", scalar]) == "config file '\(scalar)': the top level must be an object of option names and values")
        #expect(self.error(["--config", "/nonexistent/pagi.yaml"]) == "config file '/nonexistent/pagi.yaml': cannot read it (no such file)")
        #expect(self.error([], environment: ["PAGI_PROXY_HEADERS": "maybe"]) == "PAGI_PROXY_HEADERS must be true or false")
        // PAGI_ENV is shared with applications: a value the server does not know is production.
        #expect(try self.options([], environment: ["PAGI_ENV": "staging"]).env == nil)
        #expect(try self.options([], environment: ["PAGI_ENV": "Development"]).env == .development)
        for text in ["", "# nothing yet\n\n"] {
            let path = try self.file("blank.yaml", text)
            #expect(try self.options(["--config", path]).port == 5000)
        }
    }

    /// Without a file, a variable or --print-config, the command line is parsed alone.
    @Test func layersAreBuiltOnlyWhenSomethingUsesThem() {
        #expect(!LayeredArguments.needed(commandLine: ["--port", "1"], environment: ["HOME": "/root"]))
        #expect(LayeredArguments.needed(commandLine: [], environment: ["PAGI_PORT": "1"]))
        #expect(!LayeredArguments.needed(commandLine: [], environment: ["PAGI_WORKER": "1", "PAGI_WORKER_PIPE": "4"]))
        #expect(LayeredArguments.needed(commandLine: ["--config", "x.yaml"], environment: [:]))
        #expect(LayeredArguments.needed(commandLine: ["--config=x.yaml"], environment: [:]))
        #expect(LayeredArguments.needed(commandLine: ["--print-config"], environment: [:]))
        #expect(LayeredArguments(commandLine: ["--port", "1"]).arguments == ["--port", "1"])
    }

    /// A value the argument parser refuses is traced to where it was set.
    @Test func aRefusedValueNamesItsSource() throws {
        let layered = try LayeredArguments(catalog: self.catalog, commandLine: [], environment: ["PAGI_PORT": "eighty"])
        let error = #expect(throws: (any Error).self) { try ServerOptions.parse(layered.arguments) }
        let message = ServerOptions.message(for: try #require(error))
        #expect(message.contains("--port"))
        #expect(layered.origins(mentionedIn: message) == "\n(--port was set by PAGI_PORT)")
    }

    @Test func printConfigShowsEveryValueAndItsSource() throws {
        let path = try self.file("pagi.yaml", "root-path: /from-file\nlog-level: debug\naccess-log-format: \"%h %r\"\n")
        let layered = try LayeredArguments(
            catalog: self.catalog,
            commandLine: ["--config", path, "--no-date-header", "--forwarded-allow-ips", "*"],
            environment: ["PAGI_PORT": "7001", "PAGI_SSL_KEY_PASSWORD": "hunter2"]
        )
        let text = layered.rendered(commandName: "pagi-server")
        let lines = Set(text.split(separator: "\n").map(String.init))
        for line in [
            "host: 127.0.0.1  # default",
            "port: 7001  # PAGI_PORT",
            "root-path: /from-file  # config file",
            "access-log-format: \"%h %r\"  # config file",
            "date-header: false  # command line",
            "forwarded-allow-ips: \"*\"  # command line",
            "proxy-headers: true  # default",
            "# uds: not set",
            "# ssl-key-password: set, not shown  # PAGI_SSL_KEY_PASSWORD",
        ] {
            #expect(lines.contains(line), "\(line)")
        }
        #expect(!text.contains("hunter2"))
        // What it prints reads back as the same configuration.
        let saved = try self.file("saved.yaml", text)
        let again = try self.options(["--config", saved])
        #expect(again.port == 7001 && again.rootPath == "/from-file" && !again.dateHeader && again.forwardedAllowIps == "*")
        #expect(again.accessLogFormat == "%h %r" && again.logLevel.level == .debug)
    }

    /// The real `pagi-server`: `--print-config` prints and exits 0 without listening; a bad
    /// file is one line and exit code 64.
    @Test func theCommandReadsFilesAndVariables() async throws {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let command = products.appendingPathComponent("pagi-server").path
        try #require(FileManager.default.isExecutableFile(atPath: command), "pagi-server is built with the tests (swift build)")
        let path = try self.file("pagi.yaml", "app: hello\nroot-path: /api\n")
        let printed = try await Subprocess.run("env", ["PAGI_PORT=7010", command, "--config", path, "--print-config", "--no-date-header"])
        #expect(printed.status == 0)
        for line in ["app: hello  # config file", "port: 7010  # PAGI_PORT", "root-path: /api  # config file", "date-header: false  # command line"] {
            #expect(printed.output.contains(line + "\n"), "\(line)")
        }
        #expect(!printed.error.contains("listening"))
        let typo = try self.file("typo.yaml", "app: hello\ntimeout-keepalive: 3\n")
        let refused = try await Subprocess.run(command, ["--config", typo])
        #expect(refused.status == 64)
        #expect(refused.error == "pagi-server: config file '\(typo)': unknown option 'timeout-keepalive' (did you mean 'timeout-keep-alive'?)\n")
    }
}
