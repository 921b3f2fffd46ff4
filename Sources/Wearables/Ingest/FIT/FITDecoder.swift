/// Decodes the binary FIT protocol into data messages: file headers, CRCs, definition and data records,
/// compressed timestamp headers, and chained files.
///
/// Every size the file declares is checked against the bytes present before it is used, so a hostile
/// file costs at most one pass over its bytes and memory proportional to its size: the CRCs are checked
/// before any record is read, and every record must end within the data its header declares. Definitions
/// hold at most 255 fields; a data message of zero bytes still consumes its one-byte record header, so
/// decoding always advances. Bytes after the last file CRC that do not start another FIT header are
/// ignored with a warning (some devices pad their files).
struct FITDecoder {
    struct Output: Sendable {
        var messages: [FITMessage] = []
        var warnings: [String] = []
    }

    static let maximumWarnings = 20

    private let bytes: [UInt8]
    private var output = Output()
    private var suppressedWarnings = 0

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    static func decode(_ bytes: [UInt8]) throws(FITExportReader.Failure) -> Output {
        var decoder = FITDecoder(bytes: bytes)
        var offset = 0
        repeat {
            if offset > 0 && !FITFileHeader.isPresent(in: bytes, at: offset) {
                decoder.warn("\(bytes.count - offset) bytes after the file CRC at offset \(offset) are not a FIT file; ignored")
                break
            }
            let header = try FITFileHeader(bytes, at: offset)
            try decoder.checkCRCs(header)
            try decoder.decodeRecords(header)
            offset = header.dataEnd + 2
        } while offset < bytes.count
        if decoder.suppressedWarnings > 0 {
            decoder.output.warnings.append("\(decoder.suppressedWarnings) more warnings not shown")
        }
        return decoder.output
    }

    private mutating func warn(_ warning: String) {
        if output.warnings.count < Self.maximumWarnings {
            output.warnings.append(warning)
        } else {
            suppressedWarnings += 1
        }
    }

    private func checkCRCs(_ header: FITFileHeader) throws(FITExportReader.Failure) {
        let fileEnd = header.dataEnd + 2
        guard fileEnd <= bytes.count else {
            throw .truncated(
                what: "the header at offset \(header.offset) declares \(header.dataSize) bytes of data records and a CRC, which",
                needed: fileEnd, available: bytes.count)
        }
        if let stored = header.storedCRC {
            let computed = FITCRC.checksum(bytes[header.offset..<(header.offset + 12)])
            guard computed == stored else {
                throw .crcMismatch(.header, offset: header.offset + 12, stored: stored, computed: computed)
            }
        }
        let stored = UInt16(bytes[header.dataEnd]) | UInt16(bytes[header.dataEnd + 1]) << 8
        let computed = FITCRC.checksum(bytes[header.offset..<header.dataEnd])
        guard computed == stored else {
            throw .crcMismatch(.file, offset: header.dataEnd, stored: stored, computed: computed)
        }
    }

    private mutating func decodeRecords(_ header: FITFileHeader) throws(FITExportReader.Failure) {
        var definitions = [FITDefinition?](repeating: nil, count: 16)
        var lastTimestamp: UInt32?
        var position = header.offset + header.size
        let end = header.dataEnd
        while position < end {
            let recordOffset = position
            let recordHeader = bytes[position]
            position += 1
            if recordHeader & 0x80 != 0 {
                let local = Int((recordHeader >> 5) & 0x03)
                var message = try dataMessage(definitions[local], local: local, at: recordOffset, position: &position, end: end)
                if message.timestamp == nil {
                    if let last = lastTimestamp {
                        let timeOffset = UInt32(recordHeader & 0x1F)
                        message.timestamp = last &+ ((timeOffset &- (last & 0x1F)) & 0x1F)
                    } else {
                        warn("compressed timestamp header at offset \(recordOffset) before any full timestamp; the message has no time")
                    }
                }
                lastTimestamp = message.timestamp ?? lastTimestamp
                output.messages.append(message)
            } else if recordHeader & 0x40 != 0 {
                let developerData = recordHeader & 0x20 != 0
                definitions[Int(recordHeader & 0x0F)] = try definition(
                    at: recordOffset, developerData: developerData, position: &position, end: end)
            } else {
                let local = Int(recordHeader & 0x0F)
                let message = try dataMessage(definitions[local], local: local, at: recordOffset, position: &position, end: end)
                lastTimestamp = message.timestamp ?? lastTimestamp
                output.messages.append(message)
            }
        }
    }

    private func require(_ count: Int, at position: Int, end: Int, for what: @autoclosure () -> String) throws(FITExportReader.Failure) {
        guard position + count <= end else {
            throw .truncated(what: what() + " (data records end at \(end))", needed: position + count, available: end)
        }
    }

    private mutating func definition(
        at recordOffset: Int, developerData: Bool, position: inout Int, end: Int
    ) throws(FITExportReader.Failure) -> FITDefinition {
        let what = "the definition message at offset \(recordOffset)"
        try require(5, at: position, end: end, for: what)
        let architecture = bytes[position + 1]
        guard architecture <= 1 else {
            throw .malformedDefinition(
                offset: recordOffset, reason: "architecture \(architecture); expected 0 (little-endian) or 1 (big-endian)")
        }
        let bigEndian = architecture == 1
        let (low, high) = bigEndian ? (bytes[position + 3], bytes[position + 2]) : (bytes[position + 2], bytes[position + 3])
        let globalNumber = UInt16(low) | UInt16(high) << 8
        let fieldCount = Int(bytes[position + 4])
        position += 5
        try require(3 * fieldCount, at: position, end: end, for: what)
        var fields: [FITDefinition.Field] = []
        for _ in 0..<fieldCount {
            let field = FITDefinition.Field(
                number: bytes[position], size: Int(bytes[position + 1]), baseType: FITBaseType(rawValue: bytes[position + 2]))
            if field.size % field.baseType.size != 0 {
                warn("\(what): field \(field.number) of global message \(globalNumber) has \(field.size) bytes, "
                    + "not a multiple of its base type \(field.baseType.name); its values are not read")
            }
            fields.append(field)
            position += 3
        }
        var developerDataSize = 0
        if developerData {
            try require(1, at: position, end: end, for: what)
            let developerFieldCount = Int(bytes[position])
            position += 1
            try require(3 * developerFieldCount, at: position, end: end, for: what)
            for _ in 0..<developerFieldCount {
                developerDataSize += Int(bytes[position + 1])
                position += 3
            }
        }
        return FITDefinition(globalNumber: globalNumber, bigEndian: bigEndian, fields: fields, developerDataSize: developerDataSize)
    }

    private func dataMessage(
        _ definition: FITDefinition?, local: Int, at recordOffset: Int, position: inout Int, end: Int
    ) throws(FITExportReader.Failure) -> FITMessage {
        guard let definition else { throw .undefinedLocalMessageType(local, offset: recordOffset) }
        try require(definition.dataSize, at: position, end: end, for: "the data message at offset \(recordOffset)")
        var fields: [FITField] = []
        for field in definition.fields {
            let range = position..<(position + field.size)
            fields.append(FITField(number: field.number, baseType: field.baseType, bigEndian: definition.bigEndian, bytes: bytes[range]))
            position += field.size
        }
        position += definition.developerDataSize
        var message = FITMessage(globalNumber: definition.globalNumber, fields: fields, timestamp: nil, offset: recordOffset)
        message.timestamp = message.time(FITMessage.timestampField).map(UInt32.init)
        return message
    }
}
