import PAGI

extension Context {
    /// The request body as a stream of pieces, as they arrive (see ``BodyStream``); a body
    /// read whole before comes as one piece. It can be taken as a stream only once.
    ///
    /// - Parameter limit: the most bytes the body may have; beyond it reading throws a 413
    ///   ``HTTPError``. A request that declares a longer `content-length` fails here, before
    ///   anything is read.
    public func bodyStream(limit: Int? = nil) throws(HTTPError) -> BodyStream {
        try self.bodyStream(limit: limit.map { BodyLimit($0) })
    }

    func bodyStream(limit: BodyLimit?) throws(HTTPError) -> BodyStream {
        if let limit, let declared = self.headers[.contentLength].flatMap({ Int($0) }), declared > limit.bytes {
            throw limit.error
        }
        let receive = try self.bodyState.claim().map { replaying($0) } ?? self.receive
        return BodyStream(receive: receive, limit: limit)
    }
}
