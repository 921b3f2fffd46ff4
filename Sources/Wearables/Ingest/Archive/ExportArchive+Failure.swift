extension ExportArchive {
    /// Why an archive or one of its entries could not be read.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// The file is not a zip archive at all.
        case notAZip
        /// A zip whose structure or data is damaged or truncated; the text says where.
        case corrupt(String)
        /// The entry inflated past `Limits.maximumEntryBytes`.
        case entryTooLarge(entry: String, limit: Int64)
        /// The entry inflated to more than `Limits.maximumRatio` times its compressed size.
        case compressionRatioTooHigh(entry: String, limit: Double)

        public var description: String {
            switch self {
            case .notAZip: "not a zip archive"
            case .corrupt(let reason): "the zip archive is damaged: \(reason)"
            case .entryTooLarge(let entry, let limit):
                "'\(entry)' inflates to more than \(limit) bytes, the limit for one entry"
            case .compressionRatioTooHigh(let entry, let limit):
                "'\(entry)' inflates to more than \(Int(limit)) times its compressed size (a zip bomb?)"
            }
        }
    }
}
