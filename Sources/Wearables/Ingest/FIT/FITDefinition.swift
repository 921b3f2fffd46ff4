/// The layout a definition message gives one local message type: the global message number, the byte
/// order, and the fields each data message of that type carries, in order.
///
/// Developer fields are kept only as the number of bytes they add to each data message: their meaning
/// lives in `field_description` messages this reader does not interpret.
struct FITDefinition: Sendable {
    struct Field: Sendable {
        var number: UInt8
        var size: Int
        var baseType: FITBaseType
    }

    var globalNumber: UInt16
    var bigEndian: Bool
    var fields: [Field]
    var developerDataSize: Int

    /// Bytes of one data message of this type after its record header.
    var dataSize: Int {
        fields.reduce(developerDataSize) { $0 + $1.size }
    }
}
