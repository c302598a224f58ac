#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import HTTPTypes
import NIOPosix
import PAGI

/// Files under a directory, served under a URL prefix after the routes: see
/// ``SimpleApp/staticFiles(_:directory:index:showHidden:)``.
struct StaticDirectory: Sendable {
    /// Without a trailing `/`; empty for the root.
    let prefix: String
    /// The directory, symbolic links resolved (files must resolve inside it).
    let root: String
    let index: [String]
    let showHidden: Bool

    init(prefix: String, directory: String, index: [String], showHidden: Bool) throws(RouteError) {
        var prefix = prefix
        while prefix.hasSuffix("/") { prefix.removeLast() }
        guard prefix.isEmpty || prefix.hasPrefix("/") else { throw .invalidPattern(prefix, "a static files prefix starts with '/'") }
        guard let resolved = realpath(directory, nil) else {
            throw .invalidPattern(prefix.isEmpty ? "/" : prefix, "the static files directory '\(directory)' does not exist")
        }
        defer { free(resolved) }
        self.prefix = prefix
        self.root = String(cString: resolved)
        self.index = index
        self.showHidden = showHidden
    }

    /// The response for `request` when its path is under the prefix: the file (404 when it is
    /// not there, 403 for a path that tries to leave the directory); `nil` otherwise.
    func response(for request: RequestScope) async throws -> Response? {
        let raw = request.rawPath.text
        guard raw.hasPrefix(self.prefix) else { return nil }
        let rest = raw.dropFirst(self.prefix.count)
        guard rest.isEmpty || rest.hasPrefix("/") else { return nil }
        guard request.method == .get || request.method == .head else {
            throw HTTPError(.methodNotAllowed, headers: ["allow": "GET, HEAD, OPTIONS"])
        }
        var names: [String] = []
        for segment in rest.split(separator: "/") {
            let bytes = Array(segment.utf8).withUnsafeBytes { PercentEncoding.decode($0, plusAsSpace: false) }
            // `..`, `.` and encoded separators are attempts to step out, whatever their spelling.
            if bytes == [0x2E, 0x2E] || bytes == [0x2E] || bytes.contains(where: { $0 == 0x2F || $0 == 0x5C || $0 == 0 }) {
                throw HTTPError(.forbidden)
            }
            guard let name = String(validating: bytes, as: UTF8.self), self.showHidden || !name.hasPrefix(".") else {
                throw HTTPError(.notFound)
            }
            names.append(name)
        }
        let path = ([self.root] + names).joined(separator: "/")
        switch try await self.lookUp(path) {
        case .file(let file):
            return .file(file)
        case .directory(let directory):
            guard rest.hasSuffix("/") else {
                // Relative links in an index page need the trailing slash.
                let query = request.queryString.isEmpty ? "" : "?" + request.queryString.text
                return .redirect(to: request.rootPath + raw + "/" + query, status: .movedPermanently)
            }
            for name in self.index {
                if case .file(let file) = try await self.lookUp(directory + "/" + name) { return .file(file) }
            }
            throw HTTPError(.notFound)
        case .missing:
            throw HTTPError(.notFound)
        }
    }

    private enum Entry: Sendable {
        case file(String)
        case directory(String)
        case missing
    }

    /// What `path` is, once symbolic links are resolved; a link that leads out of the
    /// directory counts as missing. Runs on NIO's thread pool (file system calls may block).
    private func lookUp(_ path: String) async throws -> Entry {
        let root = self.root
        return try await NIOThreadPool.singleton.runIfActive {
            guard let resolved = realpath(path, nil) else { return .missing }
            defer { free(resolved) }
            let real = String(cString: resolved)
            guard real == root || real.hasPrefix(root == "/" ? "/" : root + "/") else { return .missing }
            var info = stat()
            guard stat(real, &info) == 0 else { return .missing }
            switch info.st_mode & S_IFMT {
            case S_IFREG: return .file(real)
            case S_IFDIR: return .directory(real)
            default: return .missing
            }
        }
    }
}
