extension MultipartParser {
    /// The boundary of a `multipart/form-data` content type (`multipart/form-data;
    /// boundary=...`, quoted or not): 415 when the content type is something else (or
    /// missing), 400 when the boundary is missing or not a valid RFC 2046 boundary (1 to 70
    /// characters of `bchars`, not ending in a space).
    public static func boundary(contentType: String?) throws(HTTPError) -> String {
        let parsed = HeaderParameters(contentType ?? "")
        guard parsed.value.lowercased() == "multipart/form-data" else {
            throw HTTPError(.unsupportedMediaType, "The request body is not multipart/form-data")
        }
        guard let boundary = parsed["boundary"] else {
            throw HTTPError(.badRequest, "The multipart content type has no boundary parameter")
        }
        guard (1...70).contains(boundary.utf8.count), boundary.utf8.allSatisfy(Self.isBoundaryByte), boundary.last != " " else {
            throw HTTPError(.badRequest, "The multipart boundary is invalid")
        }
        return boundary
    }

    /// RFC 2046 `bchars`: digits, letters, `'()+_,-./:=?` and space.
    private static func isBoundaryByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return true
        default:
            return "'()+_,-./:=? ".utf8.contains(byte)
        }
    }
}
