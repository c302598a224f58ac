import PAGISimpleExamples
import Testing

@Suite struct SimpleExamplesRegistryTests {
    /// Every Simple example `pagi-server --app` knows (keep README.md and docs/simple in step).
    @Test func listsEveryExample() {
        #expect(SimpleExamples.all.keys.sorted() == [
            "10-chat-showcase", "simple-01-hello", "simple-02-forms", "simple-03-websocket", "simple-04-sse", "simple-05-streaming",
            "simple-06-negotiation", "simple-07-uploads", "simple-08-cookies", "simple-09-cors", "simple-10-logging",
            "simple-11-named-routes", "simple-12-mount", "simple-13-utf8", "simple-14-streaming", "simple-18-async-services",
        ])
    }
}
