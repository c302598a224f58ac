#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import PAGISimple
import PAGI

extension SimpleExamples {
    /// simple-07-uploads: an image upload checked for emptiness, type and size; several files
    /// in one field; a document with form fields; the list of saved files; and what the server
    /// makes of a request. Files are saved under `directory` (a new temporary directory unless
    /// one is given) with a time stamp and a cleaned-up name.
    public static func uploads(directory: String? = nil) -> SimpleApp {
        let app = SimpleApp(name: "Uploads")
        let directory = directory ?? FileManager.default.temporaryDirectory.path + "/pagi-uploads-\(UUID().uuidString)"

        /// Saves `upload` under a name of our own, never the client's path: `<time>_<name>`.
        @Sendable func save(_ upload: Upload, tag: String = "") async throws -> String {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let name = "\(Int(Date().timeIntervalSince1970))_\(tag)\(Self.safeFileName(upload.basename))"
            try await upload.move(to: directory + "/" + name)
            return name
        }

        app.get("/") { _ in .html(uploadsPage) }

        app.post("/upload") { context in
            struct Refusal: Encodable { var error: String; var field: String?; var got: String?; var allowed: String?; var size: Int?; var max_size: Int? }
            struct Saved: Encodable { let success: Int; let message: String; let filename: String; let saved_as: String; let size: Int; let type: String }
            let maxSize = 5 * 1024 * 1024
            guard let file = try await context.multipart().upload("avatar") else {
                return try .json(Refusal(error: "No file uploaded", field: "avatar"), status: .badRequest)
            }
            guard !file.isEmpty else { return try .json(Refusal(error: "Empty file"), status: .badRequest) }
            guard file.contentType.hasPrefix("image/") else {
                return try .json(Refusal(error: "Invalid file type", got: file.contentType, allowed: "image/*"), status: .badRequest)
            }
            guard file.size <= maxSize else {
                return try .json(Refusal(error: "File too large", size: file.size, max_size: maxSize), status: .badRequest)
            }
            let name = try await save(file)
            return try .json(Saved(success: 1, message: "File uploaded successfully", filename: file.filename, saved_as: name, size: file.size, type: file.contentType))
        }

        app.post("/multi") { context in
            struct SavedFile: Encodable { let filename: String; let saved_as: String; let size: Int; let type: String }
            struct Failure: Encodable { let filename: String; let error: String }
            struct Outcome: Encodable { let success: Int; let total: Int; let saved: Int; let failed: Int; let files: [SavedFile]; let errors: [Failure] }
            let files = try await context.multipart().uploads("files")
            guard !files.isEmpty else { return try .json(["error": "No files uploaded"], status: .badRequest) }
            var saved: [SavedFile] = []
            var errors: [Failure] = []
            for file in files {
                guard !file.isEmpty else {
                    errors.append(Failure(filename: file.filename, error: "Empty file"))
                    continue
                }
                do {
                    let name = try await save(file, tag: "\(Int.random(in: 0..<10000))_")
                    saved.append(SavedFile(filename: file.filename, saved_as: name, size: file.size, type: file.contentType))
                } catch {
                    errors.append(Failure(filename: file.filename, error: "\(error)"))
                }
            }
            return try .json(Outcome(success: 1, total: files.count, saved: saved.count, failed: errors.count, files: saved, errors: errors))
        }

        app.post("/upload-with-info") { context in
            struct SavedFile: Encodable { let filename: String; let saved_as: String; let size: Int; let type: String }
            struct Outcome: Encodable { let success: Int; let title: String; let description: String; let file: SavedFile }
            let form = try await context.multipart()
            guard let file = form.upload("document") else { return try .json(["error": "No document uploaded"], status: .badRequest) }
            let name = try await save(file)
            return try .json(Outcome(
                success: 1, title: form.fields["title"] ?? "Untitled", description: form.fields["description"] ?? "",
                file: SavedFile(filename: file.filename, saved_as: name, size: file.size, type: file.contentType)
            ))
        }

        app.get("/list") { _ in
            struct Entry: Encodable { let name: String; let size: Int }
            struct Listing: Encodable { let upload_dir: String; let file_count: Int; let files: [Entry] }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            let entries = names.sorted().compactMap { name -> Entry? in
                let attributes = try? FileManager.default.attributesOfItem(atPath: directory + "/" + name)
                guard attributes?[.type] as? FileAttributeType == .typeRegular else { return nil }
                return Entry(name: name, size: (attributes?[.size] as? Int) ?? 0)
            }
            return try .json(Listing(upload_dir: directory, file_count: entries.count, files: entries))
        }

        app.post("/check") { context in
            struct Check: Encodable { let is_multipart: Int; let content_type: String?; let has_uploads: Int }
            let contentType = context.header(.contentType)
            let isMultipart = contentType?.lowercased().hasPrefix("multipart/form-data") == true
            let hasUploads = isMultipart ? !(try await context.multipart().allUploads.isEmpty) : false
            return try .json(Check(is_multipart: isMultipart ? 1 : 0, content_type: contentType, has_uploads: hasUploads ? 1 : 0))
        }

        return app
    }

    /// `name` reduced to letters, digits, `.`, `_` and `-` (others become `_`), at most 100
    /// characters, `unnamed` when nothing is left.
    static func safeFileName(_ name: String) -> String {
        let cleaned = String(name.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || ".-_".unicodeScalars.contains(scalar)) ? Character(scalar) : "_"
        })
        return cleaned.isEmpty ? "unnamed" : String(cleaned.prefix(100))
    }

    private static let uploadsPage = """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>File Uploads</title>
        <style>body { font-family: sans-serif; max-width: 50em; margin: 2em auto; } form { margin: 1em 0; padding: 1em; background: #f5f5f5; }</style>
        </head><body>
        <h1>File Uploads</h1>
        <form method="POST" action="/upload" enctype="multipart/form-data">
        <h2>An image</h2><input type="file" name="avatar" accept="image/*"> <input type="submit" value="Upload">
        <p><code>curl -F "avatar=@photo.jpg" http://localhost:5000/upload</code></p>
        </form>
        <form method="POST" action="/multi" enctype="multipart/form-data">
        <h2>Several files</h2><input type="file" name="files" multiple> <input type="submit" value="Upload">
        <p><code>curl -F "files=@a.txt" -F "files=@b.txt" http://localhost:5000/multi</code></p>
        </form>
        <form method="POST" action="/upload-with-info" enctype="multipart/form-data">
        <h2>A document with details</h2>
        <input name="title" placeholder="Title"> <input name="description" placeholder="Description">
        <input type="file" name="document"> <input type="submit" value="Upload">
        </form>
        <p><a href="/list">The files saved so far</a></p>
        </body></html>

        """
}
