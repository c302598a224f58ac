extension Context {
    /// The `multipart/form-data` body: its fields and uploaded files, read as the body
    /// arrives (a file is never held whole in memory: a big one goes to a temporary file).
    ///
    /// ```swift
    /// app.post("/upload") { context in
    ///     let form = try await context.multipart()
    ///     let file = try form.requiredUpload("document")
    ///     try await file.move(to: "/srv/uploads/\(UUID()).bin")
    ///     return .text("Saved \(file.basename) (\(file.size) bytes), titled \(form.fields["title"] ?? "-")")
    /// }
    /// ```
    ///
    /// Throws ``HTTPError``s: 415 when the request is not `multipart/form-data`, 413 naming
    /// the limit a body goes over (see ``MultipartLimits``), 400 saying what is wrong with a
    /// malformed body. The form is kept: a second call returns it again.
    public func multipart(limits: MultipartLimits = .init()) async throws -> MultipartForm {
        if case .multipart(let form) = self.bodyState.current { return form }
        let boundary = try MultipartParser.boundary(contentType: self.headers[.contentType])
        let body = try self.bodyStream(limit: BodyLimit(limits.maxTotalSize, named: "maxTotalSize"))
        var parser = MultipartParser(boundary: boundary, maxHeaderSize: limits.maxHeaderSize)
        var builder = MultipartFormBuilder(limits: limits, resources: self.resources)
        do {
            for try await piece in body {
                for event in try parser.feed(piece) {
                    try await builder.handle(event)
                }
            }
            try parser.finish()
            self.bodyState.keep(.multipart(builder.form))
            return builder.form
        } catch {
            await builder.abandon()
            throw error
        }
    }
}
