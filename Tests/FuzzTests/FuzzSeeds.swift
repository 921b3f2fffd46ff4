import Foundation
import ZIPFoundation

@testable import Wearables

/// Starting inputs per format: the small real exports in `../shared/fixtures/exports/` and small
/// hand-written files that reach the paths the real ones do not (steps, sleep, workouts, beat-to-beat
/// readings, DTDs, every Fitbit and Google Fit shape), plus the regression inputs in `Crashers/`.
enum FuzzSeeds {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func sharedExport(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: packageRoot.appendingPathComponent("../shared/fixtures/exports/\(name)").standardized))
    }

    /// The inputs kept in `Tests/FuzzTests/Crashers/<target>/`: each once crashed, hung or exhausted memory.
    static func crashers(_ target: String) -> [[UInt8]] {
        let directory = packageRoot.appendingPathComponent("Tests/FuzzTests/Crashers/\(target)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().compactMap { try? [UInt8](Data(contentsOf: directory.appendingPathComponent($0))) }
    }

    // MARK: Apple Health

    static let watch = "&lt;&lt;HKDevice: 0x283ab1e50&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch1,1, software:4.0&gt;"
    static let phone = "&lt;&lt;HKDevice: 0x283ab2f00&gt;, name:iPhone, manufacturer:Apple Inc., model:iPhone, hardware:iPhone14,2, software:16.1&gt;"

    /// An export with every element the reader gives meaning to, behind the iOS 16 DTD whose ATTLIST lacks its `>`.
    static let appleExport = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE HealthData [
        <!-- HealthKit Export Version: 13 -->
        <!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord)*)>
        <!ATTLIST ExportDate
          value CDATA #REQUIRED
        <!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
        ]>
        <HealthData locale="en_US">
         <ExportDate value="2026-03-09 10:00:00 +0100"/>
         <Me HKCharacteristicTypeIdentifierDateOfBirth="1961-07-04" HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale"/>
         <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Watch" device="\(watch)" unit="count/min" startDate="2026-03-02 08:00:00 +0100" endDate="2026-03-02 08:00:00 +0100" value="61"/>
         <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Watch &amp; co" device="\(watch)" unit="count/min" startDate="2026-03-02 08:05:00 +0100" endDate="2026-03-02 08:05:00 +0100" value="64.5">
          <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="1"/>
         </Record>
         <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Phone" device="\(phone)" unit="count" startDate="2026-03-02 08:00:00 +0100" endDate="2026-03-02 08:10:00 +0100" value="120"/>
         <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Watch" device="\(watch)" unit="count" startDate="2026-03-02 08:02:00 +0100" endDate="2026-03-02 08:04:00 +0100" value="80"/>
         <Record type="HKQuantityTypeIdentifierHeartRateVariabilitySDNN" sourceName="Watch" device="\(watch)" unit="ms" startDate="2026-03-02 23:59:50 +0100" endDate="2026-03-03 00:00:50 +0100" value="51">
          <HeartRateVariabilityMetadataList>
           <InstantaneousBeatsPerMinute bpm="55" time="23:59:58.5"/>
           <InstantaneousBeatsPerMinute bpm="56" time="12:00:03 AM"/>
          </HeartRateVariabilityMetadataList>
         </Record>
         <Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="Watch" startDate="2026-03-03 00:10:00 +0100" endDate="2026-03-03 06:00:00 +0100" value="HKCategoryValueSleepAnalysisAsleepCore">
          <MetadataEntry key="HKTimeZone" value="Europe/Berlin"/>
         </Record>
         <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="30" startDate="2026-03-03 18:00:00 +0100" endDate="2026-03-03 18:30:00 +0100">
          <MetadataEntry key="HKTimeZone" value="Europe/Berlin"/>
         </Workout>
         <!-- a comment --><![CDATA[ <Record type="x"/> ]]>
         <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="&#x48;&#101;art" unit="count/min" startDate="2026-03-04 09:00:00 -0500" endDate="2026-03-04 09:00:00 -0500" value="72"/>
        </HealthData>

        """

    static func appleXML() throws -> [[UInt8]] {
        var seeds = [Array(appleExport.utf8), try sharedExport("apple-ru-locale-export.xml")]
        // The export.xml inside the Watch 6 zip, read with the product's own archive reader.
        let zip = FileManager.default.temporaryDirectory.appendingPathComponent("auscult-fuzz-seed-\(UUID().uuidString).zip")
        try Data(try sharedExport("apple-watch6-export.zip")).write(to: zip)
        defer { try? FileManager.default.removeItem(at: zip) }
        let archive = try ExportArchive(url: zip)
        if let entry = archive.entries.first(where: { $0.path.hasSuffix("export.xml") }) {
            var xml = Data()
            try archive.stream(entry) { xml.append($0) }
            seeds.append([UInt8](xml))
        }
        return seeds + crashers("apple-xml")
    }

    static let appleDictionary = [
        "<Record ", "</Record>", "<HealthData locale=\"en_US\">", "</HealthData>", "<Workout ", "</Workout>", "<Me ", "/>", ">",
        "<!DOCTYPE HealthData [", "<!DOCTYPE", "<!ATTLIST Record", "]>", "<!--", "-->", "<![CDATA[", "]]>", "<?xml version=\"1.0\"?>",
        "type=\"HKQuantityTypeIdentifierHeartRate\"", "type=\"HKQuantityTypeIdentifierStepCount\"",
        "type=\"HKCategoryTypeIdentifierSleepAnalysis\"", "type=\"HKQuantityTypeIdentifierHeartRateVariabilitySDNN\"",
        "value=\"HKCategoryValueSleepAnalysisAsleep\"", "<HeartRateVariabilityMetadataList>", "<InstantaneousBeatsPerMinute bpm=\"60\" time=\"11:59:59 PM\"/>",
        "startDate=\"0001-01-01 00:00:00 +0000\"", "endDate=\"9999-12-31 23:59:59 +1400\"", "startDate=", "endDate=", "value=", "device=",
        "sourceName=", "hardware:Watch1,1", "<<HKDevice: 0x1>, name:Apple Watch>", "&amp;", "&lt;", "&#x0;", "&#1114112;", "&#xFFFFFFFFF;",
        "&unknown;", "&", "\"", "'", "=", " ", "\u{0}", "\u{FEFF}", "\u{FFFD}", "HKCharacteristicTypeIdentifierDateOfBirth=\"1900-02-29\"",
        "<MetadataEntry key=\"HKTimeZone\" value=\"Mars/Olympus\"/>", "2026-03-02 08:00:00 +0100", "+9999", "-1400",
    ]

    // MARK: FIT

    static func fit() throws -> [[UInt8]] {
        [try sharedExport("garmin-vivofit-monitoring.fit"), try sharedExport("garmin-fenix5-walk.fit")] + crashers("fit")
    }

    /// Record headers, definitions with many fields, the signature, base types.
    static let fitTokens: [[UInt8]] = [
        Array(".FIT".utf8), [14, 0x20, 0x54, 0x08], [12, 0x10],
        [0x40, 0, 0, 55, 0, 255], [0x40, 0, 1, 0, 20, 255], [0x60, 0, 0, 20, 0, 1, 3, 1, 2, 1, 200, 255, 0xFF],
        [0x4F, 0, 0, 0, 0, 3, 253, 4, 0x86, 3, 1, 2, 26, 2, 0x84], [0x00], [0x80], [0x9F], [0xE0], [253, 4, 0x86], [3, 1, 2],
        [27, 1, 2], [5, 1, 0], [24, 1, 0x0D], [26, 2, 0x84], [29, 2, 0x84], [0xFF, 0xFF, 0xFF, 0xFF], [0, 0, 0, 0],
    ]

    /// Rewrites a FIT file's data size and CRCs so that a mutant gets past them to its records.
    static func repairFIT(_ input: [UInt8], _ random: inout FuzzRandom) -> [UInt8] {
        var bytes = input
        guard bytes.count >= 14, bytes[8..<12].elementsEqual(Array(".FIT".utf8)) else { return bytes }
        let headerSize = Int(bytes[0])
        guard headerSize >= 12, headerSize + 2 <= bytes.count else { return bytes }
        if !random.chance(1, in: 4) {
            let dataSize = UInt32(bytes.count - headerSize - 2)
            for index in 0..<4 { bytes[4 + index] = UInt8(truncatingIfNeeded: dataSize >> (8 * UInt32(index))) }
        }
        let dataEnd = headerSize + (0..<4).reduce(0) { $0 | Int(bytes[4 + $1]) << (8 * $1) }
        if headerSize >= 14 {
            let crc = FITCRC.checksum(bytes[0..<12])
            (bytes[12], bytes[13]) = (UInt8(crc & 0xFF), UInt8(crc >> 8))
        }
        if dataEnd + 2 <= bytes.count {
            let crc = FITCRC.checksum(bytes[0..<dataEnd])
            (bytes[dataEnd], bytes[dataEnd + 1]) = (UInt8(crc & 0xFF), UInt8(crc >> 8))
        }
        return bytes
    }

    // MARK: Fitbit, Google Fit, CSV

    static let fitbitHeart = """
        [{"dateTime" : "03/02/26 07:00:10", "value" : {"bpm" : 64, "confidence" : 2}},
         {"dateTime" : "03/02/26 07:00:20", "value" : {"bpm" : 66.5, "confidence" : 3}},
         {"dateTime" : "03/09/26 23:59:59", "value" : {"bpm" : 70, "confidence" : 1}}]
        """
    static let fitbitSteps = """
        [{"dateTime" : "03/02/26 07:01:00", "value" : "51"},
         {"dateTime" : "03/02/26 07:02:00", "value" : 12},
         {"dateTime" : "03/03/26 00:00:00", "value" : "0"}]
        """

    static func fitbit() -> [[UInt8]] {
        [Array(fitbitHeart.utf8), Array(fitbitSteps.utf8)] + crashers("fitbit")
    }

    static let jsonDictionary = [
        "{", "}", "[", "]", ",", ":", "\"", "\"dateTime\"", "\"value\"", "\"bpm\"", "\"confidence\"", "{\"bpm\" : 60}", "\"12/31/99 23:59:59\"",
        "\"02/29/00 00:00:00\"", "\"00/00/00 00:00:00\"", "1e309", "-1e309", "1e308", "-0", "null", "true", "false", "\"\\u0000\"", "\"\\ud800\"",
        String(repeating: "[", count: 600), String(repeating: "{\"a\":", count: 300), "\"Data Points\"", "\"Data Source\"", "\"dataTypeName\"",
        "\"startTimeNanos\"", "\"endTimeNanos\"", "\"fitValue\"", "\"fpVal\"", "\"intVal\"", "\"com.google.heart_rate.bpm\"",
        "\"com.google.step_count.delta\"", "\"raw:com.google.step_count.delta:a:b:c:d:\"", "\"derived:merge\"", "-9223372036854775808",
        "9223372036854775807", "\"-9223372036854775808\"", "18446744073709551616", "0.5",
    ]

    static func googleFitFile(source: String, type: String, points: [(start: Int64, end: Int64, value: String)]) -> [UInt8] {
        let body = points.map { point in
            "{\"fitValue\": [{\"value\": {\(point.value)}}], \"endTimeNanos\": \(point.end), \"dataTypeName\": \"\(type)\", "
                + "\"startTimeNanos\": \"\(point.start)\", \"modifiedTimeMillis\": 1772409600000}"
        }.joined(separator: ",\n")
        return Array("{\"Data Source\": \"\(source)\", \"Data Points\": [\(body)]}".utf8)
    }

    static func googleFit() -> [[UInt8]] {
        let monday: Int64 = 1_772_409_600 * 1_000_000_000
        let minute: Int64 = 60 * 1_000_000_000
        return [
            googleFitFile(
                source: "raw:com.google.heart_rate.bpm:com.mobvoi.companion:Mobvoi:TicWatch Pro 3:1a2b:", type: "com.google.heart_rate.bpm",
                points: [(monday, monday, "\"fpVal\": 61.0"), (monday + minute, monday + minute, "\"fpVal\": 64.5")]),
            googleFitFile(
                source: "raw:com.google.step_count.delta:com.google.android.gms:Google:Pixel 7:9f9f:", type: "com.google.step_count.delta",
                points: [(monday + 10 * minute, monday + 11 * minute, "\"intVal\": 84"), (monday + 600 * minute, monday + 601 * minute, "\"intVal\": 40")]),
        ] + crashers("google-fit")
    }

    static let csv = """
        timestamp,heart_rate,steps
        2026-03-02T00:00:30+01:00,61,12
        2026-03-02T00:01:00+01:00,63,
        2026-03-02T00:10:00.500+01:00,,5
        2026-03-09T23:59:59Z,70,0
        """

    static func csvSeeds() -> [[UInt8]] {
        [Array(csv.utf8), Array("steps,Timestamp ,heart_rate,note\r\n3,2026-03-02T08:15:00-05:30,70,\"quoted, text\"\r\n".utf8)]
            + crashers("csv")
    }

    static let csvDictionary = [
        ",", "\n", "\r\n", "\"", "timestamp", "heart_rate", "steps", "timestamp,heart_rate,steps\n", "2026-03-02T08:15:00+01:00",
        "0001-01-01T00:00:00Z", "9999-12-31T23:59:59+14:00", "-999999-01-01T00:00:00Z", "1970-01-01T00:00:00.000000001Z", "+99:99", "Z",
        "NaN", "inf", "-inf", "1e309", "99999999999999999999", "-0", "0x10", "\u{FEFF}", "\u{0}", "\u{FFFD}", ",,,,,,,,,,,,,,,,",
    ]

    // MARK: Zip archives

    /// Small zips of each format (stored and deflated), and the real Apple Health zip.
    static func archives() throws -> [[UInt8]] {
        var seeds = [try sharedExport("apple-watch6-export.zip")]
        let cases: [([(String, [UInt8])], CompressionMethod)] = [
            ([("heart_rate-2026-03-02.json", Array(fitbitHeart.utf8)), ("steps-2026-03-02.json", Array(fitbitSteps.utf8))], .deflate),
            ([("Garmin/Monitor/vivofit.fit", try sharedExport("garmin-vivofit-monitoring.fit"))], .none),
            ([("export.csv", Array(csv.utf8))], .deflate),
            ([("Takeout/Fit/All Data/raw_com.google.heart_rate.bpm.json", googleFit()[0])], .none),
            ([("apple_health_export/eksport.xml", Array(appleExport.utf8)), ("__MACOSX/apple_health_export/._eksport.xml", [0, 5, 22, 7])], .deflate),
        ]
        for (entries, method) in cases {
            seeds.append(try zip(entries, method: method))
        }
        return seeds + crashers("archive")
    }

    static func zip(_ entries: [(String, [UInt8])], method: CompressionMethod) throws -> [UInt8] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("auscult-fuzz-seed-\(UUID().uuidString).zip")
        defer { try? FileManager.default.removeItem(at: url) }
        let archive = try Archive(url: url, accessMode: .create)
        for (path, bytes) in entries {
            let data = Data(bytes)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: method) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        return [UInt8](try Data(contentsOf: url))
    }

    static let zipTokens: [[UInt8]] = [
        [0x50, 0x4B, 0x03, 0x04], [0x50, 0x4B, 0x01, 0x02], [0x50, 0x4B, 0x05, 0x06], [0x50, 0x4B, 0x06, 0x06], [0x50, 0x4B, 0x06, 0x07],
        [0x50, 0x4B, 0x07, 0x08], [0xFF, 0xFF, 0xFF, 0xFF], [0xFF, 0xFF], [0x08, 0x00], [0x00, 0x00], [0x01, 0x00], [0x09, 0x00],
        Array("../../etc/passwd".utf8), Array("__MACOSX/".utf8), Array("Takeout/Fit/All Data/x.json".utf8),
    ]
}
