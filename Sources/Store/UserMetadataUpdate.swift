import Wearables

/// Metadata an uploader states about a wearer (query parameters of an upload, a `PUT` of the user, a
/// labels CSV): every field given replaces the stored one.
public struct UserMetadataUpdate: Sendable, Equatable {
    public var birthYear: Int?
    public var sex: Sex?
    public var device: DeviceModel?

    public init(birthYear: Int? = nil, sex: Sex? = nil, device: DeviceModel? = nil) {
        self.birthYear = birthYear
        self.sex = sex
        self.device = device
    }

    public var isEmpty: Bool { birthYear == nil && sex == nil && device == nil }

    func apply(to record: inout UserRecord) {
        if let birthYear { record.birthYear = birthYear }
        if let sex { record.sex = sex.rawValue }
        if let device { record.setDevice(device) }
    }
}
