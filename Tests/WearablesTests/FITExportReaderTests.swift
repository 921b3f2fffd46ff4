import Foundation
import Testing

@testable import Wearables

/// Builds small FIT files record by record, for what the real fixtures do not cover: a 14-byte header
/// with its CRC, the records as written, and the file CRC.
private struct FITTestFile {
    typealias FieldDefinition = (number: UInt8, size: UInt8, baseType: UInt8)

    var records: [UInt8] = []

    mutating func define(
        local: UInt8, global: UInt16, bigEndian: Bool = false, architecture: UInt8? = nil, fields: [FieldDefinition],
        developerFields: [FieldDefinition] = []
    ) {
        records.append(0x40 | (developerFields.isEmpty ? 0 : 0x20) | local)
        records += [0, architecture ?? (bigEndian ? 1 : 0)]
        records += bigEndian ? be16(global) : le16(global)
        records.append(UInt8(fields.count))
        for field in fields { records += [field.number, field.size, field.baseType] }
        if !developerFields.isEmpty {
            records.append(UInt8(developerFields.count))
            for field in developerFields { records += [field.number, field.size, field.baseType] }
        }
    }

    mutating func data(local: UInt8, _ bytes: [UInt8]) {
        records.append(local)
        records += bytes
    }

    mutating func compressed(local: UInt8, timeOffset: UInt8, _ bytes: [UInt8]) {
        records.append(0x80 | local << 5 | timeOffset)
        records += bytes
    }

    func encoded(declaredDataSize: UInt32? = nil) -> [UInt8] {
        var header: [UInt8] = [14, 0x20] + le16(2132) + le32(declaredDataSize ?? UInt32(records.count)) + Array(".FIT".utf8)
        header += le16(FITCRC.checksum(header[...]))
        let file = header + records
        return file + le16(FITCRC.checksum(file[...]))
    }
}

private func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
private func be16(_ value: UInt16) -> [UInt8] { le16(value).reversed() }
private func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
private func be32(_ value: UInt32) -> [UInt8] { le32(value).reversed() }

/// Base-type bytes of the FIT protocol.
private enum BaseType {
    static let enumeration: UInt8 = 0x00
    static let uint8: UInt8 = 0x02
    static let uint16: UInt8 = 0x84
    static let uint32: UInt8 = 0x86
}

private struct CollectingSink: SampleSink {
    var samples: [RawSample] = []
    var unparsable: [RawSample.Kind: Int] = [:]
    var offsets: [Int] = []

    mutating func add(_ sample: RawSample) { samples.append(sample) }
    mutating func countUnparsable(kind: RawSample.Kind) { unparsable[kind, default: 0] += 1 }
    mutating func addContext(_ context: String, start: Date, end: Date) {}
    mutating func noteUTCOffset(_ seconds: Int) { offsets.append(seconds) }
}

struct FITExportReaderTests {
    static let now = Date(timeIntervalSince1970: 2_000_000_000)

    private static func fixture(_ name: String) throws -> [UInt8] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return [UInt8](try Data(contentsOf: root.appendingPathComponent("../shared/fixtures/exports/\(name)")))
    }

    private static func utc(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text)!
    }

    private static func read(_ bytes: [UInt8]) throws -> (FITSummary, CollectingSink) {
        var sink = CollectingSink()
        let summary = try FITExportReader().read(Data(bytes), into: &sink)
        return (summary, sink)
    }

    /// The failure reading `bytes` throws, nil when it reads.
    private static func failure(_ bytes: [UInt8]) -> FITExportReader.Failure? {
        var sink = CollectingSink()
        do {
            _ = try FITExportReader().read(Data(bytes), into: &sink)
            return nil
        } catch {
            return error as? FITExportReader.Failure
        }
    }

    private static func isTruncated(_ failure: FITExportReader.Failure?) -> Bool {
        if case .truncated = failure { return true }
        return false
    }

    private static func isNotFIT(_ failure: FITExportReader.Failure?) -> Bool {
        if case .notFIT = failure { return true }
        return false
    }

    /// A file_id saying "activity, Garmin fenix 5".
    private static func fenix5FileID(_ file: inout FITTestFile, local: UInt8 = 0) {
        file.define(local: local, global: 0, fields: [(0, 1, BaseType.enumeration), (1, 2, BaseType.uint16), (2, 2, BaseType.uint16)])
        file.data(local: local, [4] + le16(1) + le16(2697))
    }

    // MARK: - The protocol

    @Test func crcIsTheFITSDKsCRC16() {
        // CRC-16/ARC check value: the CRC of the ASCII digits 1-9.
        #expect(FITCRC.checksum(Array("123456789".utf8)[...]) == 0xBB3D)
    }

    @Test func invalidValuesOfEachBaseTypeReadAsAbsent() {
        func value(_ bytes: [UInt8], _ baseType: UInt8, bigEndian: Bool = false) -> Int? {
            FITField(number: 0, baseType: FITBaseType(rawValue: baseType), bigEndian: bigEndian, bytes: bytes[...]).integer
        }
        #expect(value([0xFF], 0x02) == nil && value([0xFE], 0x02) == 254)
        #expect(value([0x7F], 0x01) == nil && value([0x80], 0x01) == -128)
        #expect(value([0xFF, 0xFF], 0x84) == nil && value([0x34, 0x12], 0x84) == 0x1234 && value([0x12, 0x34], 0x84, bigEndian: true) == 0x1234)
        #expect(value([0xFF, 0x7F], 0x83) == nil && value([0xFF, 0xFF], 0x83) == -1)
        #expect(value([0xFF, 0xFF, 0xFF, 0xFF], 0x86) == nil && value([0, 0, 0, 0], 0x8C) == nil && value([1, 0, 0, 0], 0x8C) == 1)
        #expect(value([0, 0, 0x80, 0x3F], 0x88) == nil)  // float32: not an integer
        #expect(value([1, 2, 3], 0x84) == nil)  // three bytes of uint16
    }

    @Test func recognisesAFITHeaderFromItsFirstBytes() throws {
        #expect(FITExportReader.looksLikeFIT(Data(try Self.fixture("garmin-fenix5-walk.fit").prefix(12))))
        #expect(!FITExportReader.looksLikeFIT(Data("heart_rate,timestamp\n".utf8)))
        #expect(!FITExportReader.looksLikeFIT(Data()))
    }

    @Test func readsBigEndianDefinitionsDeveloperFieldsAndCompressedTimestamps() throws {
        var file = FITTestFile()
        Self.fenix5FileID(&file)
        // A big-endian record with a three-byte developer field after its heart rate.
        file.define(
            local: 1, global: 20, bigEndian: true, fields: [(253, 4, BaseType.uint32), (3, 1, BaseType.uint8)],
            developerFields: [(0, 3, 0)])
        let start: UInt32 = 866_125_982  // low five bits 30
        file.data(local: 1, be32(start) + [90] + [0xAA, 0xBB, 0xCC])
        file.define(local: 2, global: 20, fields: [(3, 1, BaseType.uint8)])
        file.compressed(local: 2, timeOffset: 31, [91])  // start + 1
        file.compressed(local: 2, timeOffset: 3, [92])  // rolls over: start + 1 + ((3 - 31) & 31) = start + 5
        file.compressed(local: 2, timeOffset: 4, [0xFF])  // heart rate not recorded
        // 255 fields of zero bytes in an unknown message: read, nothing to loop on.
        file.define(local: 3, global: 0xFF00, fields: (0..<255).map { (UInt8($0), 0, BaseType.uint8) })
        file.data(local: 3, [])

        let (summary, sink) = try Self.read(file.encoded())
        let epoch = 631_065_600.0
        #expect(sink.samples.map(\.value) == [90, 91, 92])
        #expect(sink.samples.map(\.start) == [0, 1, 5].map { Date(timeIntervalSince1970: epoch + Double(start) + $0) })
        #expect(sink.samples.allSatisfy { $0.kind == .heartRate && $0.source == "Garmin fenix 5" && $0.priority == RawSample.wearablePriority })
        #expect(sink.unparsable.isEmpty)
        #expect(summary.messageCounts == ["file_id": 1, "record": 4, "global_65280": 1])
        #expect(summary.fileTypes == ["activity"])
        #expect(summary.utcOffsetSeconds == nil && sink.offsets.isEmpty)
        #expect(summary.warnings.isEmpty)
    }

    @Test func aCompressedTimestampBeforeAnyFullTimestampIsCountedAsUnparsable() throws {
        var file = FITTestFile()
        file.define(local: 0, global: 20, fields: [(3, 1, BaseType.uint8)])
        file.compressed(local: 0, timeOffset: 7, [80])
        let (summary, sink) = try Self.read(file.encoded())
        #expect(sink.samples.isEmpty)
        #expect(sink.unparsable == [.heartRate: 1])
        #expect(summary.device == DeviceModel(family: .unknown, identifier: "fit", name: "FIT device", generation: nil))
        #expect(summary.warnings.count == 1 && summary.warnings[0].contains("offset 23"))
    }

    @Test func readsChainedFilesAndIgnoresPaddingAfterThem() throws {
        var first = FITTestFile()
        Self.fenix5FileID(&first)
        var second = FITTestFile()
        second.define(local: 0, global: 0, fields: [(0, 1, BaseType.enumeration), (1, 2, BaseType.uint16), (2, 2, BaseType.uint16)])
        second.data(local: 0, [32] + le16(1) + le16(1837))
        let (summary, _) = try Self.read(first.encoded() + second.encoded() + [0, 0, 0])
        #expect(summary.fileTypes == ["activity", "monitoring_b"])
        #expect(summary.device.identifier == "garmin:2697")
        #expect(summary.messageCounts == ["file_id": 2])
        #expect(summary.warnings == ["3 bytes after the file CRC at offset 74 are not a FIT file; ignored"])
    }

    @Test func monitoringStepsRiseWithinADayAndRestartAtMidnightAndAfterAFall() throws {
        // Local midnight at UTC-6: 2014-12-27T06:00:00Z.
        let midnight: UInt32 = 788_594_400
        var file = FITTestFile()
        file.define(local: 0, global: 103, fields: [(253, 4, BaseType.uint32), (0, 4, BaseType.uint32)])
        file.data(local: 0, le32(midnight) + le32(midnight - 21_600))
        file.define(local: 1, global: 55, fields: [(26, 2, BaseType.uint16), (3, 4, BaseType.uint32), (5, 1, BaseType.enumeration)])
        file.define(
            local: 2, global: 55,
            fields: [(253, 4, BaseType.uint32), (3, 4, BaseType.uint32), (5, 1, BaseType.enumeration), (29, 2, BaseType.uint16)])
        // (seconds after midnight, cycles, activity type); 65,520 s is past a timestamp_16 wrap.
        let counts: [(UInt32, UInt32, UInt8)] = [
            (65_520, 100, 6), (66_120, 160, 6), (66_720, 20, 1),
            (87_000, 170, 6),  // the next local day: 170 steps, not 10
            (87_600, 30, 6),  // a fall: a restart
        ]
        for (seconds, cycles, type) in counts {
            file.data(local: 1, le16(UInt16(truncatingIfNeeded: midnight + seconds)) + le32(cycles) + [type])
        }
        // A daily summary adds nothing but moves the count on: the next 230 is a rise of 10.
        file.data(local: 2, le32(midnight + 88_200) + le32(220) + [6] + le16(1440))
        file.data(local: 1, le16(UInt16(truncatingIfNeeded: midnight + 88_800)) + le32(230) + [6])

        let (summary, sink) = try Self.read(file.encoded())
        #expect(summary.utcOffsetSeconds == -21_600 && sink.offsets == [-21_600])
        let date = { (seconds: UInt32) in FITMessageInterpreter.date(Int(midnight + seconds)) }
        let expected: [(UInt32, UInt32, Double)] = [
            (65_520, 65_520, 100), (65_520, 66_120, 60), (66_120, 66_720, 20), (66_720, 87_000, 170), (87_000, 87_600, 30),
            (88_200, 88_800, 10),
        ]
        #expect(sink.samples.count == expected.count)
        for (sample, (start, end, steps)) in zip(sink.samples, expected) {
            #expect(sample.kind == .steps && sample.start == date(start) && sample.end == date(end) && sample.value == steps)
        }
    }

    // MARK: - Real files (figures printed by scripts/check_fit_fixtures.py from python-fitparse)

    @Test func readsTheHeartRateOfAFenix5Walk() throws {
        let (summary, sink) = try Self.read(Self.fixture("garmin-fenix5-walk.fit"))
        #expect(summary.device == DeviceModel(family: .garmin, identifier: "garmin:2697", name: "Garmin fenix 5", generation: nil))
        #expect(summary.fileTypes == ["activity"])
        // activity.local_timestamp − activity.timestamp: UTC−7.
        #expect(summary.utcOffsetSeconds == -25_200 && sink.offsets == [-25_200])
        #expect(summary.messageCounts == [
            "activity": 1, "device_info": 12, "device_settings": 1, "event": 4, "file_creator": 1, "file_id": 1,
            "global_13": 1, "global_140": 1, "global_141": 1, "global_147": 1, "global_216": 2, "global_22": 1,
            "global_79": 1, "hrv": 49, "lap": 1, "record": 17, "session": 1, "sport": 1, "user_profile": 1,
            "zones_target": 1,
        ])
        #expect(summary.warnings.isEmpty)
        #expect(sink.samples.count == 17)
        #expect(sink.samples.allSatisfy { $0.kind == .heartRate && $0.source == "Garmin fenix 5" && $0.priority == RawSample.wearablePriority })
        #expect(sink.samples.map(\.value) == [71, 71, 69, 66, 72, 76, 80, 81, 82, 80, 77, 75, 74, 77, 78, 77, 75])
        #expect(sink.samples.first?.start == Self.utc("2017-06-11T14:32:51Z"))
        #expect(sink.samples.last?.start == Self.utc("2017-06-11T14:33:37Z"))
        #expect(sink.unparsable.isEmpty)
    }

    @Test func theFenix5WalkFillsTwoBinsOfOneWeek() throws {
        var resampler = WeekResampler(now: Self.now)
        _ = try FITExportReader().read(Data(try Self.fixture("garmin-fenix5-walk.fit")), into: &resampler)
        let weeks = resampler.weekSeries()
        #expect(resampler.utcOffsetSeconds == -25_200)
        #expect(resampler.kept == ["heart_rate": 17])
        #expect(weeks.map(\.start) == [LocalDate(year: 2017, month: 6, day: 5)])
        // 07:32:51 local on Sunday is 545,571 s into the week; bin 3,694 (to 545,589.84 s, 07:33:09.8) holds
        // the first nine readings, bin 3,695 the other eight.
        let bin = Int(545_571 / WeekGrid.binSeconds)
        let week = try #require(weeks.first)
        #expect(bin == 3694 && week.observed.reduce(0, +) == 2 && week.observed[bin] == 1 && week.observed[bin + 1] == 1)
        #expect(abs(Double(week.heartRate[bin]) - 668.0 / 9) < 1e-4)
        #expect(abs(Double(week.heartRate[bin + 1]) - 613.0 / 8) < 1e-4)
        #expect(week.steps.allSatisfy { $0 == 0 })
    }

    @Test func readsTheStepsOfAVivofitMonitoringFile() throws {
        let bytes = try Self.fixture("garmin-vivofit-monitoring.fit")
        let (summary, sink) = try Self.read(bytes)
        #expect(summary.device == DeviceModel(family: .garmin, identifier: "garmin:1837", name: "Garmin vivofit", generation: nil))
        #expect(summary.fileTypes == ["monitoring_b"])
        // monitoring_info.local_timestamp − timestamp: UTC−6.
        #expect(summary.utcOffsetSeconds == -21_600 && sink.offsets == [-21_600])
        #expect(summary.messageCounts == ["device_info": 1, "event": 15, "file_id": 1, "monitoring": 337, "monitoring_info": 1])
        #expect(summary.warnings.isEmpty)

        // 335 of the 337 monitoring messages carry only timestamp_16; rebuilt, they run from 13:43 to the
        // two daily summaries at local midnight.
        let interpreter = FITMessageInterpreter(try FITDecoder.decode(bytes).messages)
        let times = try #require(interpreter.monitoringTimes)
        #expect(FITMessageInterpreter.date(times.first) == Self.utc("2014-12-27T13:43:00Z"))
        #expect(FITMessageInterpreter.date(times.last) == Self.utc("2014-12-28T06:00:00Z"))

        // 78 walking and 1 running rise; 3,142 + 31 steps, the device's own daily summary.
        #expect(sink.samples.count == 79 && sink.samples.allSatisfy { $0.kind == .steps && $0.source == "Garmin vivofit" })
        #expect(sink.samples.map(\.value).reduce(0, +) == 3173)
        #expect(sink.samples.first.map { [$0.start, $0.end] } == [Self.utc("2014-12-27T14:11:00Z"), Self.utc("2014-12-27T14:15:00Z")])
        #expect(sink.samples.first?.value == 100)
        #expect(sink.samples.last.map { [$0.start, $0.end] } == [Self.utc("2014-12-28T05:55:00Z"), Self.utc("2014-12-28T05:59:00Z")])
        #expect(sink.samples.last?.value == 66)
        var perLocalDay: [LocalDate: Double] = [:]
        var perUTCDay: [LocalDate: Double] = [:]
        for sample in sink.samples {
            perLocalDay[LocalDate(utcDate: sample.end.addingTimeInterval(-21_600)), default: 0] += sample.value
            perUTCDay[LocalDate(utcDate: sample.end), default: 0] += sample.value
        }
        #expect(perLocalDay == [LocalDate(year: 2014, month: 12, day: 27): 3173])
        #expect(perUTCDay == [LocalDate(year: 2014, month: 12, day: 27): 2271, LocalDate(year: 2014, month: 12, day: 28): 902])
        #expect(sink.unparsable.isEmpty)
    }

    @Test func theVivofitStepsFillOneWeekAtUTCMinusSix() throws {
        var resampler = WeekResampler(now: Self.now)
        _ = try FITExportReader().read(Data(try Self.fixture("garmin-vivofit-monitoring.fit")), into: &resampler)
        let weeks = resampler.weekSeries()
        #expect(resampler.utcOffsetSeconds == -21_600)
        #expect(resampler.kept == ["steps": 79])
        #expect(resampler.dropped.isEmpty)
        #expect(weeks.map(\.start) == [LocalDate(year: 2014, month: 12, day: 22)])
        let week = try #require(weeks.first)
        #expect(abs(week.steps.reduce(0, +) - 3173) < 1e-3)
        #expect(week.observed.allSatisfy { $0 == 0 })
    }

    // MARK: - Damaged and hostile input

    @Test func aTruncatedFileIsRefusedAsTruncated() throws {
        let bytes = try Self.fixture("garmin-fenix5-walk.fit")
        for length in [1, 11, 13, 100, bytes.count / 2, bytes.count - 2, bytes.count - 1] {
            #expect(Self.isTruncated(Self.failure(Array(bytes.prefix(length)))), "cut at \(length) bytes")
        }
    }

    @Test func aFlippedByteFailsTheCRC() throws {
        let bytes = try Self.fixture("garmin-vivofit-monitoring.fit")
        var body = bytes
        body[1000] ^= 0x10
        let stored = UInt16(bytes[bytes.count - 2]) | UInt16(bytes[bytes.count - 1]) << 8
        guard case .crcMismatch(.file, offset: bytes.count - 2, stored, let computed) = Self.failure(body), computed != stored else {
            Issue.record("a flipped body byte should fail the file CRC")
            return
        }
        var header = bytes
        header[1] ^= 0x01
        guard case .crcMismatch(.header, offset: 12, _, _) = Self.failure(header) else {
            Issue.record("a flipped header byte should fail the header CRC")
            return
        }
    }

    @Test func somethingElseIsRefusedAsNotFIT() {
        #expect(Self.failure([]) == .notFIT("the file is empty"))
        let garbage = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        #expect(Self.isNotFIT(Self.failure(garbage)))
        #expect(Self.isNotFIT(Self.failure(Array("[{\"dateTime\": \"05/18/15 05:25:00\"}]".utf8))))
    }

    @Test func aDataMessageOfAnUndefinedLocalTypeIsRefused() {
        var file = FITTestFile()
        Self.fenix5FileID(&file)
        file.data(local: 5, [1, 2])
        #expect(Self.failure(file.encoded()) == .undefinedLocalMessageType(5, offset: 35))
    }

    @Test func aDefinitionWithAnUnknownArchitectureIsMalformed() {
        var file = FITTestFile()
        file.define(local: 0, global: 20, architecture: 2, fields: [(3, 1, BaseType.uint8)])
        let failure = Self.failure(file.encoded())
        #expect(failure == .malformedDefinition(offset: 14, reason: "architecture 2; expected 0 (little-endian) or 1 (big-endian)"))
        #expect(failure?.description.hasPrefix("malformed definition message at offset 14") == true)
    }

    @Test func declaredSizesBeyondTheBytesPresentAreTruncatedNotAllocated() {
        var file = FITTestFile()
        Self.fenix5FileID(&file)
        #expect(Self.isTruncated(Self.failure(file.encoded(declaredDataSize: .max))))
        // A definition that declares 255 fields but holds two.
        var short = FITTestFile()
        short.records = [0x40, 0, 0, 20, 0, 255, 3, 1, BaseType.uint8, 253, 4, BaseType.uint32]
        #expect(Self.failure(short.encoded()) == .truncated(
            what: "the definition message at offset 14 (data records end at 26)", needed: 785, available: 26))
        // A data message longer than the records left.
        var long = FITTestFile()
        long.define(local: 0, global: 20, fields: [(0, 255, 0x0D), (1, 255, 0x0D)])
        long.data(local: 0, [1, 2, 3])
        #expect(Self.isTruncated(Self.failure(long.encoded())))
    }
}
