#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import PAGISimple
import PAGI

extension SimpleExamples {
    /// simple-14-streaming: request bodies read as they arrive: decoded as UTF-8 piece by piece
    /// (leniently, or strictly with a 400), or written straight to a file (`uploadPath`), each
    /// under a byte limit (`?limit=`, a 413 beyond it). `uploadPath` defaults to
    /// `pagi-simple-stream-upload.bin` in the temporary directory.
    public static func streamingBodies(uploadPath: String? = nil) -> SimpleApp {
        let uploadPath = uploadPath ?? FileManager.default.temporaryDirectory.path + "/pagi-simple-stream-upload.bin"
        let app = SimpleApp(name: "PAGI::Simple streaming bodies")
        let defaultLimit = 256 * 1024

        app.get("/") { _ in .html(streamingBodiesPage(uploadPath: uploadPath, defaultLimit: defaultLimit)) }

        app.post("/stream/decode") { context in
            struct Decoded: Encodable { let decoded: String; let bytes_read: Int; let strict: Int; let limit_bytes: Int; let content_length: Int? }
            let strict = !(context.query["strict"] ?? "").isEmpty && context.query["strict"] != "0"
            let limit = context.query["limit"].flatMap { Int($0) } ?? defaultLimit
            return try await Self.reportingErrors {
                let body = try context.bodyStream(limit: limit)
                var decoded = ""
                for try await piece in body.text(strict: strict) { decoded += piece }
                return try .json(Decoded(
                    decoded: decoded, bytes_read: body.bytesRead, strict: strict ? 1 : 0, limit_bytes: limit,
                    content_length: context.header(.contentLength).flatMap { Int($0) }
                ))
            }
        }

        app.post("/stream/upload") { context in
            struct Saved: Encodable { let saved_to: String; let bytes_written: Int; let limit_bytes: Int; let content_length: Int? }
            let contentLength = context.header(.contentLength).flatMap { Int($0) }
            let limit = context.query["limit"].flatMap { Int($0) } ?? contentLength ?? defaultLimit
            return try await Self.reportingErrors {
                let written = try await context.bodyStream(limit: limit).write(toFile: uploadPath)
                return try .json(Saved(saved_to: uploadPath, bytes_written: written, limit_bytes: limit, content_length: contentLength))
            }
        }

        return app
    }

    /// `body`'s response, or its `HTTPError` (413 over the limit, 400 for bad UTF-8) as JSON.
    private static func reportingErrors(_ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch let error as HTTPError {
            return try .json(["error": error.message], status: error.status)
        }
    }

    private static func streamingBodiesPage(uploadPath: String, defaultLimit: Int) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="UTF-8"><title>Streaming Request Bodies</title>
        <style>body { font-family: sans-serif; max-width: 50em; margin: 2em auto; } textarea, input { width: 100%; } pre { background: #eee; padding: .5em; }</style>
        </head><body>
        <h1>Streaming Request Bodies</h1>
        <p>The server reads these bodies as they arrive, never whole.</p>
        <h2>Decode UTF-8 piece by piece</h2>
        <textarea id="text" rows="3">hello café 🌶️ streaming</textarea>
        <input id="decode-limit" type="number" min="1" placeholder="limit in bytes (default \(defaultLimit))">
        <button onclick="decode(false)">Send (lenient)</button> <button onclick="decode(true)">Send (strict)</button>
        <pre id="decoded">Waiting...</pre>
        <h2>Stream to a file</h2>
        <p>The body goes straight to <code>\(escapeHTML(uploadPath))</code>.</p>
        <input id="file" type="file">
        <input id="upload-limit" type="number" min="1" placeholder="limit in bytes (default: the content-length)">
        <button onclick="upload()">Upload</button>
        <pre id="uploaded">Waiting...</pre>
        <script>
        async function show(id, response) { document.getElementById(id).textContent = await response.text(); }
        function query(pairs) { return new URLSearchParams(Object.entries(pairs).filter(([, v]) => v)).toString(); }
        async function decode(strict) {
            const limit = document.getElementById('decode-limit').value;
            await show('decoded', await fetch('/stream/decode?' + query({ strict: strict ? '1' : '', limit }), {
                method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: document.getElementById('text').value }));
        }
        async function upload() {
            const file = document.getElementById('file').files[0] || new Blob(['some raw bytes to stream']);
            const limit = document.getElementById('upload-limit').value;
            await show('uploaded', await fetch('/stream/upload?' + query({ limit }), { method: 'POST', body: file }));
        }
        </script>
        </body></html>

        """
    }
}
