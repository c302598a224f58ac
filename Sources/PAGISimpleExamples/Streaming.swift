#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NIOCore
import PAGI
public import PAGISimple

extension SimpleExamples {
    /// simple-05-streaming: a body written piece by piece (countdown, JSON items, progress),
    /// streamed from an iterator and from an array, file downloads (with a generated 1 MB file),
    /// a file shown inline, and a stream with headers of its own. `pace` is the unit of the
    /// pauses between pieces (one second in the example as served; tests shorten it).
    public static func streaming(pace: Duration = .seconds(1)) -> SimpleApp {
        let app = SimpleApp(name: "Streaming")
        let sampleDirectory = FileManager.default.temporaryDirectory.path + "/pagi-streaming-demo"

        app.get("/") { _ in .html(streamingPage) }

        app.get("/countdown") { context in
            context.logger.info("Starting countdown stream")
            return .stream { writer in
                try await writer.writeLine("=== Countdown Starting ===")
                for number in (1...5).reversed() {
                    try await writer.writeLine("\(number)...")
                    try await Task.sleep(for: pace)
                }
                try await writer.writeLine("Liftoff!")
                context.logger.info("Countdown complete")
            }
        }

        app.get("/json-stream") { _ in
            struct Item: Encodable { let id: Int; let name: String; let status: String }
            let items = [
                Item(id: 1, name: "First", status: "processing"), Item(id: 2, name: "Second", status: "complete"),
                Item(id: 3, name: "Third", status: "pending"), Item(id: 4, name: "Fourth", status: "complete"),
                Item(id: 5, name: "Fifth", status: "processing"),
            ]
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let lines = try items.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
            return .stream(contentType: "application/json") { writer in
                try await writer.writeLine(#"{"items": ["#)
                for (index, line) in lines.enumerated() {
                    try await Task.sleep(for: pace / 2)
                    try await writer.writeLine("  \(line)\(index < lines.count - 1 ? "," : "")")
                }
                try await writer.writeLine("]}")
            }
        }

        app.get("/progress") { _ in
            .stream { writer in
                try await writer.writeLine("Starting task...\n")
                for step in 1...10 {
                    let bar = String(repeating: "=", count: step) + ">" + String(repeating: " ", count: 10 - step)
                    try await writer.writeLine("[\(bar)] \(step * 10)% - Step \(step)/10")
                    try await Task.sleep(for: pace * 0.3)
                }
                try await writer.writeLine("\nTask complete!")
            }
        }

        app.get("/iterator") { _ in
            // An iterator: the next line until there is none.
            .stream(from: (1...10).lazy.map { "Line \($0) of 10\n" }, contentType: "text/plain", delay: pace)
        }

        app.get("/array") { _ in
            let chunks = [
                "=== Starting ===\n", "Chunk 1: Hello\n", "Chunk 2: World\n", "Chunk 3: From\n",
                "Chunk 4: Streaming\n", "=== Complete ===\n",
            ]
            return .stream(from: chunks, contentType: "text/plain", delay: pace)
        }

        app.get("/download/:filename") { context in
            let filename = context.parameter("filename")!
            guard !filename.hasPrefix(".") else { try abort(.badRequest, "Invalid file name: \(filename)") }
            let path = sampleDirectory + "/" + filename
            if !FileManager.default.fileExists(atPath: path) {
                // The sample content is made on first use.
                try FileManager.default.createDirectory(atPath: sampleDirectory, withIntermediateDirectories: true)
                var text = "This is a sample file: \(filename)\nCreated for PAGI::Simple streaming demo\n"
                text += String(repeating: "=", count: 50) + "\n"
                for line in 1...100 { text += "Line \(line): Lorem ipsum dolor sit amet\n" }
                try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            }
            return .file(path, disposition: .attachment(filename: filename))
        }

        app.get("/generate-file") { context in
            // A 1 MB file made for this response, deleted once it has been sent.
            let path = FileManager.default.temporaryDirectory.path + "/pagi-generated-\(UUID().uuidString).txt"
            let line = String(repeating: "X", count: 100) + "\n"
            try Data(String(repeating: line, count: 10240).utf8).write(to: URL(fileURLWithPath: path))
            context.deleteAfterResponse(path)
            return .file(path, contentType: "text/plain", disposition: .attachment(filename: "generated-1mb.txt"))
        }

        app.get("/view/:filename") { context in
            let filename = context.parameter("filename")!
            let path = sampleDirectory + "/" + filename
            guard !filename.hasPrefix("."), FileManager.default.fileExists(atPath: path) else {
                return .text("File not found: \(filename)", status: .notFound)
            }
            return .file(path, disposition: .inline())
        }

        app.get("/custom-stream") { context in
            context.logger.debug("Custom stream with headers")
            return Response.stream(contentType: "text/plain") { writer in
                for item in 1...5 {
                    try await writer.writeLine("Item \(item)")
                    try await Task.sleep(for: pace)
                }
            }
            .header("x-stream-type", "custom")
            .header("x-items-count", "5")
        }

        return app
    }

    /// The demo page: each endpoint with a button that shows its body as it arrives.
    private static let streamingPage: String = {
        let endpoints = [
            ("/countdown", "a countdown written line by line, a pause between lines"),
            ("/json-stream", "a JSON array, one item at a time"),
            ("/progress", "a progress bar in ten steps"),
            ("/iterator", "ten lines pulled from an iterator"),
            ("/array", "the pieces of an array"),
            ("/custom-stream", "a stream with headers of its own"),
            ("/download/sample.txt", "a file download (made on first use)"),
            ("/view/sample.txt", "the same file shown in the browser"),
            ("/generate-file", "a 1 MB file made for the response"),
        ]
        let rows = endpoints.map { path, what in
            #"<li><button onclick="watch('\#(path)')">GET \#(path)</button> \#(what) <code>curl -N http://localhost:5000\#(path)</code></li>"#
        }
        return #"""
            <!DOCTYPE html>
            <html>
            <head><meta charset="utf-8"><title>Streaming Response Demo</title>
            <style>body { font-family: sans-serif; max-width: 50em; margin: 2em auto; } li { margin: .4em 0; }
            #output { border: 1px solid #ccc; min-height: 8em; padding: .5em; white-space: pre-wrap; font-family: monospace; }</style>
            </head>
            <body>
            <h1>Streaming Response Demo</h1>
            <ul>\#(rows.joined(separator: "\n"))</ul>
            <div id="output">Pick an endpoint: its body appears here as it arrives.</div>
            <script>
            async function watch(path) {
                const output = document.getElementById('output');
                output.textContent = '';
                const reader = (await fetch(path)).body.getReader();
                const decoder = new TextDecoder();
                for (;;) {
                    const { done, value } = await reader.read();
                    if (done) break;
                    output.textContent += decoder.decode(value, { stream: true });
                }
                output.textContent += '\n[done]';
            }
            </script>
            </body>
            </html>

            """#
    }()
}
