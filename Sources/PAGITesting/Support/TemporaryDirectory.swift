#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A directory of files for a test (static files, uploads), made in the temporary directory
/// and removed with everything in it when the value goes away.
///
/// ```swift
/// let directory = try TemporaryDirectory(files: ["public/index.html": "<h1>Hi</h1>"])
/// app.staticFiles("/", directory: directory.path + "/public")
/// ```
public final class TemporaryDirectory: Sendable {
    /// The directory's path.
    public let path: String

    /// A new directory holding `files` (relative path → UTF-8 contents; subdirectories made).
    public init(files: [String: String] = [:]) throws {
        self.path = FileManager.default.temporaryDirectory.path + "/pagi-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: self.path, withIntermediateDirectories: true)
        for (name, contents) in files {
            let file = self.path + "/" + name
            try FileManager.default.createDirectory(atPath: String(file[..<file.lastIndex(of: "/")!]), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: URL(fileURLWithPath: file))
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: self.path) }
}
