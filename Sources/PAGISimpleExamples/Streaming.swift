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

    private static let streamingPage = #"""
        <!DOCTYPE html>
        <html>
        <head>
            <title>Streaming Response Demo</title>
            <style>
                body { font-family: sans-serif; max-width: 900px; margin: 50px auto; padding: 0 20px; }
                h1 { color: #333; }
                .section { margin: 20px 0; padding: 15px; background: #f5f5f5; border-radius: 5px; }
                pre { background: #222; color: #0f0; padding: 15px; border-radius: 5px; overflow-x: auto; }
                code { background: #eee; padding: 2px 6px; border-radius: 3px; }
                button { padding: 10px 20px; margin: 5px; cursor: pointer; }
                #output {
                    margin-top: 15px; padding: 10px; border: 1px solid #ccc;
                    min-height: 100px; font-family: monospace; white-space: pre-wrap;
                }
                .endpoint { margin: 10px 0; padding: 10px; background: #e8e8e8; border-radius: 3px; }
            </style>
        </head>
        <body>
            <h1>Streaming Response Demo</h1>

            <div class="section">
                <h2>Interactive Demo</h2>
                <p>Watch chunked responses arrive in real-time:</p>
                <button onclick="streamCountdown()">Countdown</button>
                <button onclick="streamJSON()">JSON Stream</button>
                <button onclick="streamProgress()">Progress</button>
                <button onclick="streamIterator()">Iterator</button>
                <button onclick="streamArray()">Array</button>
                <button onclick="streamCustom()">Custom</button>
                <button onclick="clearOutput()">Clear</button>
                <div id="output">Click a button to start streaming...</div>
            </div>

            <div class="section">
                <h2>Available Endpoints</h2>

                <div class="endpoint">
                    <h3>GET /countdown</h3>
                    <p>Manual chunked streaming with timed intervals</p>
                    <pre>curl http://localhost:3000/countdown</pre>
                </div>

                <div class="endpoint">
                    <h3>GET /json-stream</h3>
                    <p>Stream JSON array elements one at a time</p>
                    <pre>curl http://localhost:3000/json-stream</pre>
                </div>

                <div class="endpoint">
                    <h3>GET /progress</h3>
                    <p>Simulated progress reporting (10 steps)</p>
                    <pre>curl http://localhost:3000/progress</pre>
                </div>

                <div class="endpoint">
                    <h3>GET /iterator</h3>
                    <p>Iterator-based streaming from coderef (1 second delay between chunks)</p>
                    <pre>curl http://localhost:3000/iterator</pre>
                </div>

                <div class="endpoint">
                    <h3>GET /array</h3>
                    <p>Stream from an array of chunks (1 second delay between chunks)</p>
                    <pre>curl http://localhost:3000/array</pre>
                </div>

                <div class="endpoint">
                    <h3>GET /download/:filename</h3>
                    <p>Download a file (creates temp file if needed)</p>
                    <pre>curl -O http://localhost:3000/download/sample.txt</pre>
                </div>

                <div class="endpoint">
                    <h3>GET /generate-file</h3>
                    <p>Generate and stream a large file (1MB)</p>
                    <pre>curl -O http://localhost:3000/generate-file</pre>
                </div>
            </div>

            <script>
            async function streamTo(url) {
                const output = document.getElementById('output');
                output.textContent = 'Connecting...\n';

                try {
                    const response = await fetch(url);
                    const reader = response.body.getReader();
                    const decoder = new TextDecoder();

                    output.textContent = '';
                    while (true) {
                        const { done, value } = await reader.read();
                        if (done) break;
                        output.textContent += decoder.decode(value, { stream: true });
                    }
                    output.textContent += '\n[Stream complete]';
                } catch (e) {
                    output.textContent += '\n[Error: ' + e.message + ']';
                }
            }

            function streamCountdown() { streamTo('/countdown'); }
            function streamJSON() { streamTo('/json-stream'); }
            function streamProgress() { streamTo('/progress'); }
            function streamIterator() { streamTo('/iterator'); }
            function streamArray() { streamTo('/array'); }
            function streamCustom() { streamTo('/custom-stream'); }
            function clearOutput() { document.getElementById('output').textContent = ''; }
            </script>
        </body>
        </html>
        """#
}
