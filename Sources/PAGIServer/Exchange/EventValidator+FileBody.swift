package import NIOCore
package import PAGI

extension EventValidator {
    /// Validates `event`, and opens its file body unless the request `ended`; throws (and
    /// changes nothing) when either fails, so that the application can still answer
    /// otherwise.
    package mutating func validateOpeningFile(_ event: OutboundEvent, ended: Bool) throws(PAGIError) -> FileRegion? {
        var validator = self
        try validator.validate(event)
        var region: FileRegion?
        if case .httpResponseFile(let file) = event, !ended {
            region = try FileBodySource.open(file)
        }
        self = validator
        return region
    }
}
