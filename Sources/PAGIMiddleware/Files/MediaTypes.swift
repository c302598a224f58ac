/// The media type of a file, guessed from its extension, as static file servers do.
public enum MediaTypes {
    /// The type for `path`'s extension (case-insensitive); text types carry `charset=utf-8`;
    /// `application/octet-stream` when the extension is unknown.
    public static func forPath(_ path: some StringProtocol) -> String {
        let name = path.split(separator: "/").last ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "application/octet-stream" }
        return self.byExtension[name[name.index(after: dot)...].lowercased()] ?? "application/octet-stream"
    }

    /// Extension → media type (pass `contentType` to a file response for others).
    private static let byExtension: [String: String] = {
        var types: [String: String] = [:]
        let text = "; charset=utf-8"
        for (extensions, type) in [
            (["html", "htm"], "text/html" + text), (["css"], "text/css" + text), (["txt", "text", "log"], "text/plain" + text),
            (["csv"], "text/csv" + text), (["md", "markdown"], "text/markdown" + text), (["xml"], "application/xml"),
            (["js", "mjs"], "text/javascript" + text), (["json", "map"], "application/json"),
            (["jsonld"], "application/ld+json"), (["webmanifest"], "application/manifest+json"),
            (["wasm"], "application/wasm"), (["pdf"], "application/pdf"), (["zip"], "application/zip"),
            (["gz"], "application/gzip"), (["tar"], "application/x-tar"), (["bz2"], "application/x-bzip2"),
            (["xz"], "application/x-xz"), (["7z"], "application/x-7z-compressed"),
            (["png"], "image/png"), (["jpg", "jpeg"], "image/jpeg"), (["gif"], "image/gif"), (["webp"], "image/webp"),
            (["avif"], "image/avif"), (["svg"], "image/svg+xml"), (["ico"], "image/vnd.microsoft.icon"),
            (["bmp"], "image/bmp"), (["tif", "tiff"], "image/tiff"),
            (["mp3"], "audio/mpeg"), (["ogg", "oga"], "audio/ogg"), (["wav"], "audio/wav"), (["flac"], "audio/flac"),
            (["m4a"], "audio/mp4"), (["mp4", "m4v"], "video/mp4"), (["webm"], "video/webm"), (["ogv"], "video/ogg"),
            (["mov"], "video/quicktime"), (["woff"], "font/woff"), (["woff2"], "font/woff2"), (["ttf"], "font/ttf"),
            (["otf"], "font/otf"), (["ics"], "text/calendar" + text), (["rss"], "application/rss+xml"),
            (["atom"], "application/atom+xml"), (["yaml", "yml"], "application/yaml"), (["toml"], "application/toml"),
            (["doc"], "application/msword"), (["docx"], "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            (["xls"], "application/vnd.ms-excel"), (["xlsx"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (["epub"], "application/epub+zip"), (["swift"], "text/x-swift" + text),
        ] {
            for name in extensions { types[name] = type }
        }
        return types
    }()
}
