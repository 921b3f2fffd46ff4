/// What an Apple Health export held besides its samples: profile, devices, record counts and what the
/// reader had to work around.
public struct AppleHealthSummary: Sendable, Equatable {
    /// The path of the export XML inside a zip; nil for a bare XML file.
    public var exportEntry: String?
    /// The `locale` of `<HealthData>` (`en_NL`, `ru_RU`).
    public var locale: String?
    public var birthDate: LocalDate?
    public var sex: Sex?
    /// Records per device: the `device` attribute without its memory address
    /// (`name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,7, software:10.2`), or the
    /// `sourceName` of records without one.
    public var devices: [String: Int]
    /// The Apple Watch with the most heart-rate records, if any recorded heart rate.
    public var watch: DeviceModel?
    /// `Record` and `Correlation` elements by `type`; other elements directly inside `<HealthData>`
    /// (`Workout`, `ActivitySummary`, …) by element name. `ExportDate` and `Me` are not counted.
    public var recordsByType: [String: Int]
    /// Distinct `HKTimeZone` metadata values, in the order first seen.
    public var timeZones: [String]
    /// Bytes of XML read.
    public var bytesRead: Int64
    /// What the reader worked around or could not use, for the ingest report.
    public var warnings: [String]

    public init(
        exportEntry: String? = nil, locale: String? = nil, birthDate: LocalDate? = nil, sex: Sex? = nil,
        devices: [String: Int] = [:], watch: DeviceModel? = nil, recordsByType: [String: Int] = [:],
        timeZones: [String] = [], bytesRead: Int64 = 0, warnings: [String] = []
    ) {
        self.exportEntry = exportEntry
        self.locale = locale
        self.birthDate = birthDate
        self.sex = sex
        self.devices = devices
        self.watch = watch
        self.recordsByType = recordsByType
        self.timeZones = timeZones
        self.bytesRead = bytesRead
        self.warnings = warnings
    }
}
