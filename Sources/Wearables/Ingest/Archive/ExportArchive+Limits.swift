extension ExportArchive {
    /// Caps on what one entry may inflate to, checked against the bytes actually produced (a zip's
    /// declared sizes can lie).
    public struct Limits: Sendable, Equatable {
        /// Largest number of bytes one entry may inflate to; 16 GiB by default.
        public var maximumEntryBytes: Int64
        /// Largest ratio of inflated to compressed bytes; 200:1 by default (exports compress about 10–20:1).
        /// It applies once an entry has produced `ratioGraceBytes`, so tiny files that compress well pass.
        public var maximumRatio: Double

        /// Bytes an entry may produce before `maximumRatio` applies.
        public static let ratioGraceBytes: Int64 = 1 << 20

        public init(maximumEntryBytes: Int64 = 16 << 30, maximumRatio: Double = 200) {
            self.maximumEntryBytes = maximumEntryBytes
            self.maximumRatio = maximumRatio
        }
    }
}
