/// One decoded data message: its global number, its fields, and its time when the record carried one.
struct FITMessage: Sendable {
    /// The global message number (0 `file_id`, 20 `record`, 55 `monitoring`, …).
    var globalNumber: UInt16
    var fields: [FITField]
    /// Seconds since the FIT epoch from field 253, or rebuilt from a compressed timestamp header; nil when
    /// neither is present (or a compressed header came before any full timestamp).
    var timestamp: UInt32?
    /// Byte offset of the record header in the file, for messages about the record.
    var offset: Int

    static let timestampField: UInt8 = 253

    func field(_ number: UInt8) -> FITField? {
        fields.first { $0.number == number }
    }

    /// The first value of a field as an integer; nil when the field is missing or holds its invalid value.
    func integer(_ number: UInt8) -> Int? {
        field(number)?.integer
    }

    /// A time field (`date_time`, `local_date_time`: seconds since the FIT epoch, uint32); nil when the
    /// field is missing, invalid, or holds a value a uint32 cannot (a hostile 64-bit field).
    func time(_ number: UInt8) -> Int? {
        integer(number).flatMap { UInt32(exactly: $0) }.map(Int.init)
    }
}
