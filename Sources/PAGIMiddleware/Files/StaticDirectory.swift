#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import HTTPTypes
import NIOPosix
public import PAGI

/// Files under a directory, served under a URL prefix: what a request's path names there,
/// decided safely. The ``Static`` middleware and Simple's `staticFiles` serve from it.
///
/// A path that tries to leave the directory (`..` or `.` segments, also percent-encoded, an
/// encoded `/` or `\`, a NUL) is refused; a symbolic link that leads out of it counts as
/// missing; names starting with `.` stay hidden unless `showHidden`; a directory is served by
/// its first `index` file, and a request for it without the trailing `/` is redirected there
/// (relative links in the index need it).
public struct StaticDirectory: Sendable {
    /// Without a trailing `/`; empty for the root.
    public let prefix: String
    /// The directory, symbolic links resolved (files must resolve inside it).
    public let root: String
    public let index: [String]
    public let showHidden: Bool

    /// The files under `directory` at `prefix` (`/` or empty for the root). Throws when the
    /// prefix does not start with `/` or the directory does not exist.
    public init(prefix: String, directory: String, index: [String] = ["index.html"], showHidden: Bool = false) throws(StaticDirectoryError) {
        var prefix = prefix
        while prefix.hasSuffix("/") { prefix.removeLast() }
        guard prefix.isEmpty || prefix.hasPrefix("/") else { throw StaticDirectoryError("a static files prefix starts with '/', not '\(prefix)'") }
        guard let resolved = realpath(directory, nil) else {
            throw StaticDirectoryError("the static files directory '\(directory)' does not exist")
        }
        defer { free(resolved) }
        self.prefix = prefix
        self.root = String(cString: resolved)
        self.index = index
        self.showHidden = showHidden
    }

    /// What `request` names here.
    public enum Lookup: Sendable, Equatable {
        /// The path is not under the prefix.
        case outside
        /// A regular file: its real path.
        case file(String)
        /// A directory asked for without its trailing `/`: where to go.
        case redirect(String)
        /// Nothing there (or hidden, or a link leading out).
        case notFound
        /// A path trying to leave the directory: 403.
        case forbidden
        /// Under the prefix, but neither `GET` nor `HEAD`: 405 (`Allow: GET, HEAD, OPTIONS`).
        case methodNotAllowed
    }

    /// What the path of `request` names under this directory.
    public func lookUp(_ request: RequestScope) async throws -> Lookup {
        let raw = request.rawPath.text
        guard raw.hasPrefix(self.prefix) else { return .outside }
        let rest = raw.dropFirst(self.prefix.count)
        guard rest.isEmpty || rest.hasPrefix("/") else { return .outside }
        guard request.method == .get || request.method == .head else { return .methodNotAllowed }
        var names: [String] = []
        for segment in rest.split(separator: "/") {
            let bytes = Array(segment.utf8).withUnsafeBytes { PercentEncoding.decode($0, plusAsSpace: false) }
            // `..`, `.` and encoded separators are attempts to step out, whatever their spelling.
            if bytes == [0x2E, 0x2E] || bytes == [0x2E] || bytes.contains(where: { $0 == 0x2F || $0 == 0x5C || $0 == 0 }) {
                return .forbidden
            }
            guard let name = String(validating: bytes, as: UTF8.self), self.showHidden || !name.hasPrefix(".") else {
                return .notFound
            }
            names.append(name)
        }
        let path = ([self.root] + names).joined(separator: "/")
        switch try await self.entry(at: path) {
        case .file(let file):
            return .file(file)
        case .directory(let directory):
            guard rest.hasSuffix("/") else {
                let query = request.queryString.isEmpty ? "" : "?" + request.queryString.text
                return .redirect(request.rootPath + raw + "/" + query)
            }
            for name in self.index {
                if case .file(let file) = try await self.entry(at: directory + "/" + name) { return .file(file) }
            }
            return .notFound
        case .missing:
            return .notFound
        }
    }

    private enum Entry: Sendable {
        case file(String)
        case directory(String)
        case missing
    }

    /// What `path` is, once symbolic links are resolved; a link that leads out of the
    /// directory counts as missing. Runs on NIO's thread pool (file system calls may block).
    private func entry(at path: String) async throws -> Entry {
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

/// Why a ``StaticDirectory`` cannot be made.
public struct StaticDirectoryError: Error, CustomStringConvertible, Equatable {
    public let description: String
    init(_ description: String) { self.description = description }
}
