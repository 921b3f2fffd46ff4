/// What one FIT upload held, beyond the samples it gave the sink.
public struct FITSummary: Sendable, Equatable {
    /// The device of the first `file_id` message.
    public var device: DeviceModel
    /// The `file_id` type of each file of the upload, in order ("activity", "monitoring_b", …); chained
    /// files give one entry each.
    public var fileTypes: [String]
    /// Seconds east of UTC from `monitoring_info` or `activity` local timestamps; nil when neither says.
    public var utcOffsetSeconds: Int?
    /// Data messages by FIT profile name, or `global_N` for messages outside this reader's table.
    public var messageCounts: [String: Int]
    /// Things read around rather than refused: odd field sizes, trailing bytes, times that could not be
    /// rebuilt, conflicting UTC offsets.
    public var warnings: [String]

    public init(device: DeviceModel, fileTypes: [String], utcOffsetSeconds: Int?, messageCounts: [String: Int], warnings: [String]) {
        self.device = device
        self.fileTypes = fileTypes
        self.utcOffsetSeconds = utcOffsetSeconds
        self.messageCounts = messageCounts
        self.warnings = warnings
    }
}
