public import PAGI
import PAGISimple

/// The Simple examples: Swift versions of the Perl distribution's `simple-*` examples and of
/// its `10-chat-showcase` (at commit 4a3ed72), with the same routes and behaviour.
/// `pagi-server --app NAME` serves them by their original directory names.
public enum SimpleExamples {
    /// How each Simple example is made, by name: a server builds only the one it serves.
    private static let makers: [String: @Sendable () -> Application] = [
        "10-chat-showcase": { chatShowcase().application },
        "simple-01-hello": { hello.application },
        "simple-02-forms": { forms.application },
        "simple-03-websocket": { webSocketChat.application },
        "simple-04-sse": { notifications.application },
        "simple-05-streaming": { streaming().application },
        "simple-06-negotiation": { negotiation.application },
        "simple-07-uploads": { uploads().application },
        "simple-08-cookies": { cookies.application },
        "simple-09-cors": { corsDemo.application },
        "simple-10-logging": { logging().application },
        "simple-11-named-routes": { namedRoutes.application },
        "simple-12-mount": { mount.application },
        "simple-13-utf8": { utf8.application },
        "simple-14-streaming": { streamingBodies().application },
        "simple-18-async-services": { asyncServices.application },
    ]

    /// Every Simple example, by name (each built anew).
    public static var all: [String: Application] { makers.mapValues { $0() } }

    /// The example names, sorted.
    public static var names: [String] { makers.keys.sorted() }

    /// The example called `name`, built now.
    public static func named(_ name: String) -> Application? { makers[name]?() }
}
