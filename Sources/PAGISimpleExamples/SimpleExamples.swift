public import PAGI
import PAGISimple

/// The Simple examples: Swift versions of the Perl distribution's `simple-*` examples and of
/// its `10-chat-showcase` (at commit 4a3ed72), with the same routes and behaviour.
/// `pagi-server --app NAME` serves them by their original directory names.
public enum SimpleExamples {
    /// How each Simple example is made, by name: a server builds only the one it serves.
    private static let catalog = ApplicationCatalog([
        "10-chat-showcase": .init { chatShowcase().application },
        "simple-01-hello": .init { hello.application },
        "simple-02-forms": .init { forms.application },
        "simple-03-websocket": .init { webSocketChat.application },
        "simple-04-sse": .init { notifications.application },
        "simple-05-streaming": .init { streaming().application },
        "simple-06-negotiation": .init { negotiation.application },
        "simple-07-uploads": .init { uploads().application },
        "simple-08-cookies": .init { cookies.application },
        "simple-09-cors": .init { corsDemo.application },
        "simple-10-logging": .init { logging().application },
        "simple-11-named-routes": .init { namedRoutes.application },
        "simple-12-mount": .init { mount.application },
        "simple-13-utf8": .init { utf8.application },
        "simple-14-streaming": .init { streamingBodies().application },
        "simple-18-async-services": .init { asyncServices.application },
    ])

    /// Every Simple example, by name (each built anew).
    public static var all: [String: Application] { catalog.all }

    /// The example names, sorted.
    public static var names: [String] { catalog.names }

    /// The example called `name`, built now.
    public static func named(_ name: String) -> Application? { catalog.named(name) }
}
