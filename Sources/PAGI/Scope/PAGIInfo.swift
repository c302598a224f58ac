/// The spec's `pagi` key: which revision of the contract governs a scope.
public struct PAGIInfo: Sendable, Hashable {
    /// The core spec revision this package implements.
    public static let implementedVersion = "0.3"

    /// The info every scope of this package carries.
    public static let current = PAGIInfo()

    /// The core spec version (`pagi.version`).
    public var version: String
    /// The protocol sub-spec version (`pagi.spec_version`); `nil` means "same as `version`".
    public var specVersion: String?
    /// Lifespan only (`pagi.is_worker`): whether this process is one worker of several;
    /// `nil` when the server does not say.
    public var isWorker: Bool?
    /// Lifespan only (`pagi.worker_num`): this worker's number, from 1; `nil` in
    /// single-process mode.
    public var workerNumber: Int?

    /// Version info; the defaults are this package's revision.
    public init(
        version: String = PAGIInfo.implementedVersion,
        specVersion: String? = PAGIInfo.implementedVersion,
        isWorker: Bool? = nil,
        workerNumber: Int? = nil
    ) {
        self.version = version
        self.specVersion = specVersion
        self.isWorker = isWorker
        self.workerNumber = workerNumber
    }
}
