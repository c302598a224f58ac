public import PAGI
import PAGISimple

/// The Simple examples: Swift versions of the Perl distribution's `simple-*` examples and of
/// its `10-chat-showcase` (at commit 4a3ed72), with the same routes and behaviour.
/// `pagi-server --app NAME` serves them by their original directory names.
public enum SimpleExamples {
    /// How each Simple example is made, by name: a server builds only the one it serves.
    private static let makers: [String: Maker] = [
        "10-chat-showcase": Maker { chatShowcase().application },
        "simple-01-hello": Maker { hello.application },
        "simple-02-forms": Maker { forms.application },
        "simple-03-websocket": Maker { webSocketChat.application },
        "simple-04-sse": Maker { notifications.application },
        "simple-05-streaming": Maker { streaming().application },
        "simple-06-negotiation": Maker { negotiation.application },
        "simple-07-uploads": Maker { uploads().application },
        "simple-08-cookies": Maker { cookies.application },
        "simple-09-cors": Maker { corsDemo.application },
        "simple-10-logging": Maker { logging().application },
        "simple-11-named-routes": Maker { namedRoutes.application },
        "simple-12-mount": Maker { mount.application },
        "simple-13-utf8": Maker { utf8.application },
        "simple-14-streaming": Maker { streamingBodies().application },
        "simple-18-async-services": Maker { asyncServices.application },
    ]

    /// Every Simple example, by name (each built anew).
    public static var all: [String: Application] { makers.mapValues { $0.make() } }

    /// The example names, sorted.
    public static var names: [String] { makers.keys.sorted() }

    /// The example called `name`, built now.
    public static func named(_ name: String) -> Application? { makers[name]?.make() }

    /// How one example is made. A struct, because a function type stored as a generic
    /// argument (a dictionary's value) is re-abstracted: the application it makes would go
    /// through conversion thunks on every request and every `send`.
    private struct Maker: Sendable {
        let make: @Sendable () -> Application

        init(_ make: @escaping @Sendable () -> Application) {
            self.make = make
        }
    }
}
