/// The data split a user belongs to: train, tuning or test.
///
/// Assigned by a stable hash of the user's external id (FNV-1a, 64 bit), so every week of one user falls
/// in the same split and the assignment never changes between runs, machines or database rebuilds:
/// buckets 0–69 of 100 are `train`, 70–84 `tuning`, 85–99 `test`.
public enum CohortSplit: String, Codable, Sendable, CaseIterable {
    case train
    case tuning
    case test

    public init(externalID: String) {
        switch Self.bucket(of: externalID) {
        case 0..<70: self = .train
        case 70..<85: self = .tuning
        default: self = .test
        }
    }

    /// The hash bucket 0 ..< 100 of an external id.
    static func bucket(of externalID: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in externalID.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return Int(hash % 100)
    }
}
