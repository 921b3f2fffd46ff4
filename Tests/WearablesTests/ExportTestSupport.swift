import Foundation
import ZIPFoundation

@testable import Wearables

/// A sink that keeps everything a reader gives it, in order.
struct RecordingSink: SampleSink {
    struct Context: Equatable {
        var name: String
        var start: Date
        var end: Date
    }

    var samples: [RawSample] = []
    var unparsable: [RawSample.Kind: Int] = [:]
    var contexts: [Context] = []
    var offsets: [Int] = []
    /// How many samples were added before the first offset was noted.
    var samplesBeforeFirstOffset = 0

    mutating func add(_ sample: RawSample) {
        if offsets.isEmpty { samplesBeforeFirstOffset += 1 }
        samples.append(sample)
    }

    mutating func countUnparsable(kind: RawSample.Kind) { unparsable[kind, default: 0] += 1 }

    mutating func addContext(_ name: String, start: Date, end: Date) {
        contexts.append(Context(name: name, start: start, end: end))
    }

    mutating func noteUTCOffset(_ seconds: Int) { offsets.append(seconds) }
}

enum ExportFixtures {
    /// A third-party export in `../shared/fixtures/exports/` beside the package.
    static func shared(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("../shared/fixtures/exports/\(name)").standardized
    }

    static func temporaryURL(_ suffix: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("auscult-tests-\(UUID().uuidString)\(suffix)")
    }

    static func write(_ text: String, suffix: String = ".xml") throws -> URL {
        let url = temporaryURL(suffix)
        try Data(text.utf8).write(to: url)
        return url
    }

    /// A zip of `entries` written with ZIPFoundation.
    static func zip(_ entries: [(path: String, data: Data)], method: CompressionMethod = .deflate) throws -> URL {
        let url = temporaryURL(".zip")
        let archive = try Archive(url: url, accessMode: .create)
        for (path, data) in entries {
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: method
            ) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        return url
    }

    /// A minimal export: `records` (XML elements) inside `<HealthData>`, after `prologue`.
    static func export(_ records: String, prologue: String = "", locale: String = "en_US") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        \(prologue)
        <HealthData locale="\(locale)">
         <ExportDate value="2026-03-09 10:00:00 +0100"/>
        \(records)
        </HealthData>

        """
    }

    static let watchDevice =
        "&lt;&lt;HKDevice: 0x283ab1e50&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,2, software:9.1&gt;"
    static let phoneDevice =
        "&lt;&lt;HKDevice: 0x283ab2f00&gt;, name:iPhone, manufacturer:Apple Inc., model:iPhone, hardware:iPhone14,2, software:16.1&gt;"

    /// The iOS 16 DTD with its `<!ATTLIST ExportDate` missing the `>` that closes it.
    static let malformedDTD = """
        <!DOCTYPE HealthData [
        <!-- HealthKit Export Version: 13 -->
        <!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord)*)>
        <!ATTLIST HealthData
          locale CDATA #REQUIRED
        >
        <!ELEMENT ExportDate EMPTY>
        <!ATTLIST ExportDate
          value CDATA #REQUIRED
        <!ELEMENT Me EMPTY>
        <!ATTLIST Me
          HKCharacteristicTypeIdentifierDateOfBirth CDATA #REQUIRED
        >
        <!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
        ]>
        """

    /// A local time at +01:00 on Monday 2026-03-02 as a UTC `Date`.
    static func march2(_ hour: Int, _ minute: Int, _ second: Double = 0) -> Date {
        // 2026-03-02T00:00:00+01:00 is 1_772_406_000.
        Date(timeIntervalSince1970: 1_772_406_000 + Double(hour * 3600 + minute * 60) + second)
    }
}
