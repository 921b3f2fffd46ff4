import Foundation
import Testing

@testable import Wearables

struct AppleHealthExportReaderTests {
    func read(
        _ url: URL, reader: AppleHealthExportReader = AppleHealthExportReader(), limits: ExportArchive.Limits = .init()
    ) throws -> (AppleHealthSummary, RecordingSink) {
        var sink = RecordingSink()
        let summary = try reader.read(fileAt: url, limits: limits, into: &sink)
        return (summary, sink)
    }

    func heartRate(_ value: String, at date: String, device: String = ExportFixtures.watchDevice) -> String {
        """
         <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Watch" device="\(device)" unit="count/min" \
        startDate="\(date)" endDate="\(date)" value="\(value)"/>
        """
    }

    func steps(_ value: Int, from start: String, to end: String, device: String, sourceName: String) -> String {
        """
         <Record type="HKQuantityTypeIdentifierStepCount" sourceName="\(sourceName)" device="\(device)" unit="count" \
        startDate="2026-03-02 \(start):00 +0100" endDate="2026-03-02 \(end):00 +0100" value="\(value)"/>
        """
    }

    @Test func readsTheWatch6ExportZipFindingTheEntryByContent() throws {
        var progress: [Int64] = []
        var sink = RecordingSink()
        let summary = try AppleHealthExportReader().read(
            fileAt: ExportFixtures.shared("apple-watch6-export.zip"), into: &sink, progress: { progress.append($0) })
        #expect(summary.exportEntry == "apple_health_export/export.xml")
        #expect(summary.bytesRead == 3790 && progress.last == 3790)
        let watchSource = "Apple Watch (Watch6,7)"
        #expect(
            sink.samples == [
                RawSample(
                    kind: .heartRate, start: Date(timeIntervalSince1970: 1_704_063_696), value: 74, source: watchSource,
                    priority: RawSample.wearablePriority),
                RawSample(
                    kind: .heartRate, start: Date(timeIntervalSince1970: 1_704_063_697), value: 75, source: watchSource,
                    priority: RawSample.wearablePriority),
            ])
        #expect(sink.offsets == [7200] && sink.samplesBeforeFirstOffset == 0 && sink.unparsable.isEmpty)
        // The InBed record is not asleep; the AsleepCore one is (03:27:53–03:40:23 +0200).
        #expect(
            sink.contexts == [
                .init(
                    name: "asleep", start: Date(timeIntervalSince1970: 1_704_072_473),
                    end: Date(timeIntervalSince1970: 1_704_073_223))
            ])
        #expect(summary.watch == DeviceModel.appleWatch(hardware: "Watch6,7") && summary.watch?.generation == 8)
        #expect(
            summary.recordsByType == [
                "HKQuantityTypeIdentifierHeartRate": 2, "HKQuantityTypeIdentifierActiveEnergyBurned": 2,
                "HKQuantityTypeIdentifierAppleExerciseTime": 1, "HKQuantityTypeIdentifierAppleStandTime": 1,
                "HKCategoryTypeIdentifierSleepAnalysis": 2,
            ])
        #expect(
            summary.devices == [
                "name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,7, software:10.2": 5,
                "Alexandre's Apple Watch": 2, "Alexandre's iPhone": 1,
            ])
        #expect(summary.timeZones == ["Europe/Amsterdam"] && summary.locale == "en_NL")
        #expect(summary.birthDate == LocalDate(year: 1990, month: 5, day: 20) && summary.sex == .male)
        #expect(summary.warnings == [])
    }

    @Test func aRussianExportWithoutHeartRateOrStepsSaysSoAndKeepsItsProfile() throws {
        let (summary, sink) = try read(ExportFixtures.shared("apple-ru-locale-export.xml"))
        #expect(sink.samples.isEmpty && sink.contexts.isEmpty && sink.unparsable.isEmpty)
        #expect(sink.offsets == [10_800])
        #expect(summary.exportEntry == nil && summary.locale == "ru_RU" && summary.bytesRead == 1222)
        #expect(summary.sex == .female && summary.birthDate == LocalDate(year: 1987, month: 10, day: 2))
        #expect(summary.devices == ["My Processing Tool": 1, "Здоровье": 1])
        #expect(summary.recordsByType == ["HKQuantityTypeIdentifierHeight": 1, "HKQuantityTypeIdentifierBodyMass": 1])
        #expect(summary.watch == nil)
        #expect(summary.warnings == ["the export has no heart-rate or step samples: nothing can be placed on the week grid"])
    }

    @Test func findsALocalisedExportNameInAZipPastCDAAndAppleDoubleEntries() throws {
        let export = ExportFixtures.export(heartRate("58", at: "2026-03-02 08:00:00 +0100"))
        let url = try ExportFixtures.zip([
            ("apple_health_export/export_cda.xml", Data("<?xml version=\"1.0\"?>\n<ClinicalDocument/>".utf8)),
            ("__MACOSX/apple_health_export/._导出.xml", Data("\u{0}\u{5}\u{16}\u{7}<HealthData>".utf8)),
            ("apple_health_export/workout-routes/route_1.gpx", Data("<gpx/>".utf8)),
            ("apple_health_export/导出.xml", Data(export.utf8)),
        ])
        let (summary, sink) = try read(url)
        #expect(summary.exportEntry == "apple_health_export/导出.xml")
        #expect(sink.samples.map(\.value) == [58])
    }

    @Test func aMalformedDTDBeforeHealthDataIsSkipped() throws {
        let text = ExportFixtures.export(
            heartRate("61", at: "2026-03-02 08:00:00 +0100"), prologue: ExportFixtures.malformedDTD)
        for doctype in [text, text.replacingOccurrences(of: "]>", with: "")] {
            let (summary, sink) = try read(try ExportFixtures.write(doctype))
            #expect(sink.samples.map(\.value) == [61] && summary.warnings == [])
        }
    }

    @Test func aFirstGenerationWatchIsRecognisedDespiteTheCommaInItsHardwareID() throws {
        let device =
            "&lt;&lt;HKDevice: 0x1c469e230&gt;, name:Apple Watch, manufacturer:Apple, model:Watch, hardware:Watch1,1, software:3.1.3&gt;"
        let phone = "&lt;&lt;HKDevice: 0x1c4000000&gt;, name:iPhone, manufacturer:Apple, model:iPhone, hardware:iPhone9,3, software:11.0&gt;"
        let records = [
            heartRate("70", at: "2026-03-02 08:00:00 +0100", device: device),
            heartRate("71", at: "2026-03-02 08:05:00 +0100", device: device.replacingOccurrences(of: "0x1c469e230", with: "0x1c0000001")),
            heartRate("72", at: "2026-03-02 08:06:00 +0100", device: phone),
        ]
        let (summary, sink) = try read(try ExportFixtures.write(ExportFixtures.export(records.joined(separator: "\n"))))
        #expect(summary.watch == DeviceModel.appleWatch(hardware: "Watch1,1"))
        #expect(summary.watch?.generation == 1 && summary.watch?.isFirstGenerationAppleWatch == true)
        #expect(
            summary.devices == [
                "name:Apple Watch, manufacturer:Apple, model:Watch, hardware:Watch1,1, software:3.1.3": 2,
                "name:iPhone, manufacturer:Apple, model:iPhone, hardware:iPhone9,3, software:11.0": 1,
            ])
        #expect(sink.samples.map(\.source) == ["Apple Watch (Watch1,1)", "Apple Watch (Watch1,1)", "iPhone (iPhone9,3)"])
        #expect(sink.samples.map(\.priority) == [2, 2, 0])
    }

    @Test func overlappingPhoneAndWatchStepsKeepTheWatchAndDropThePhoneRecords() throws {
        let records = [
            steps(120, from: "08:00", to: "08:10", device: ExportFixtures.watchDevice, sourceName: "Anna’s Apple Watch"),
            steps(100, from: "08:00", to: "08:10", device: ExportFixtures.phoneDevice, sourceName: "Anna’s iPhone"),
            steps(50, from: "12:00", to: "12:05", device: ExportFixtures.phoneDevice, sourceName: "Anna’s iPhone"),
            // No device: the source name says it is a phone.
            steps(30, from: "08:02", to: "08:04", device: "", sourceName: "Anna’s iPhone")
                .replacingOccurrences(of: " device=\"\"", with: ""),
        ]
        let url = try ExportFixtures.write(ExportFixtures.export(records.joined(separator: "\n")))
        var resampler = WeekResampler(now: ExportFixtures.march2(23, 0))
        let summary = try AppleHealthExportReader().read(fileAt: url, into: &resampler)
        let weeks = resampler.weekSeries()
        #expect(resampler.utcOffsetSeconds == 3600 && weeks.count == 1)
        #expect(resampler.read["steps"] == 4 && resampler.kept["steps"] == 2)
        #expect(resampler.dropped["steps"] == ["overlapping_source": 2])
        #expect(abs(Double(weeks[0].steps.reduce(0, +)) - 170) < 1e-3)
        #expect(summary.recordsByType == ["HKQuantityTypeIdentifierStepCount": 4])
    }

    @Test func beatToBeatReadingsOfHeartRateVariabilityRecordsBecomeHeartRateSamples() throws {
        let records = """
             <Record type="HKQuantityTypeIdentifierHeartRateVariabilitySDNN" sourceName="Watch" device="\(ExportFixtures.watchDevice)" \
            unit="ms" startDate="2026-03-02 19:14:20 +0100" endDate="2026-03-02 19:15:20 +0100" value="48.2">
              <HeartRateVariabilityMetadataList>
               <InstantaneousBeatsPerMinute bpm="62" time="7:14:27.21 PM"/>
               <InstantaneousBeatsPerMinute bpm="70" time="7:14:28,05\u{202F}p.m."/>
               <InstantaneousBeatsPerMinute bpm="71" time="soon"/>
              </HeartRateVariabilityMetadataList>
             </Record>
             <Record type="HKQuantityTypeIdentifierHeartRateVariabilitySDNN" sourceName="Watch" device="\(ExportFixtures.watchDevice)" \
            unit="ms" startDate="2026-03-02 23:59:50 +0100" endDate="2026-03-03 00:00:50 +0100" value="51">
              <HeartRateVariabilityMetadataList>
               <InstantaneousBeatsPerMinute bpm="55" time="23:59:58.5"/>
               <InstantaneousBeatsPerMinute bpm="56" time="12:00:03 AM"/>
              </HeartRateVariabilityMetadataList>
             </Record>
             <InstantaneousBeatsPerMinute bpm="99" time="1:00:00 AM"/>
            """
        let url = try ExportFixtures.write(ExportFixtures.export(records))
        let (_, sink) = try read(url)
        #expect(sink.samples.map(\.value) == [62, 70, 55, 56])
        #expect(
            sink.samples.map(\.start) == [
                ExportFixtures.march2(19, 14, 27.21), ExportFixtures.march2(19, 14, 28.05),
                ExportFixtures.march2(23, 59, 58.5), ExportFixtures.march2(24, 0, 3),
            ])
        #expect(sink.samples.allSatisfy { $0.kind == .heartRate && $0.priority == RawSample.wearablePriority })
        #expect(sink.unparsable == [.heartRate: 1])
        let (_, without) = try read(url, reader: AppleHealthExportReader(includeBeatToBeat: false))
        #expect(without.samples.isEmpty && without.unparsable.isEmpty)
    }

    @Test func sleepStagesAndWorkoutsBecomeContextsAndUnreadableRecordsAreCounted() throws {
        let sleep: (String, String, String) -> String = { value, start, end in
            """
             <Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="Watch" \
            startDate="2026-03-02 \(start):00 +0100" endDate="2026-03-02 \(end):00 +0100" value="HKCategoryValueSleepAnalysis\(value)"/>
            """
        }
        let records = [
            sleep("InBed", "00:00", "07:00"), sleep("AsleepCore", "00:10", "02:00"), sleep("Awake", "02:00", "02:05"),
            sleep("AsleepREM", "02:05", "03:00"), sleep("AsleepDeep", "03:00", "04:00"), sleep("Asleep", "04:00", "05:00"),
            sleep("AsleepUnspecified", "05:00", "06:00"),
            """
             <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="30" startDate="2026-03-02 18:00:00 +0100" endDate="2026-03-02 18:30:00 +0100">
              <MetadataEntry key="HKTimeZone" value="Europe/Berlin"/>
             </Workout>
            """,
            heartRate("sixty", at: "2026-03-02 08:00:00 +0100"), heartRate("60", at: "2026-03-02 25:00:00 +0100"),
            steps(10, from: "08:00", to: "08:01", device: ExportFixtures.phoneDevice, sourceName: "Phone")
                .replacingOccurrences(of: "value=\"10\"", with: "value=\"\""),
        ]
        let (summary, sink) = try read(try ExportFixtures.write(ExportFixtures.export(records.joined(separator: "\n"))))
        #expect(sink.contexts.map(\.name) == ["asleep", "asleep", "asleep", "asleep", "asleep", "workout"])
        #expect(sink.contexts.last == .init(name: "workout", start: ExportFixtures.march2(18, 0), end: ExportFixtures.march2(18, 30)))
        #expect(sink.unparsable == [.heartRate: 2, .steps: 1] && sink.samples.isEmpty)
        #expect(summary.recordsByType["Workout"] == 1 && summary.timeZones == ["Europe/Berlin"])
    }

    @Test func entityBombsAndExternalEntitiesExpandToNothingAndAreReported() throws {
        let prologue = """
            <!DOCTYPE HealthData [
             <!ENTITY a "1234567890">
             <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
             <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
             <!ENTITY x SYSTEM "file:///etc/passwd">
            ]>
            """
        let records = [heartRate("&c;", at: "2026-03-02 08:00:00 +0100"), heartRate("66", at: "2026-03-02 08:01:00 +0100")]
            .joined(separator: "\n").replacingOccurrences(of: "sourceName=\"Watch\"", with: "sourceName=\"&x;\"")
        let (summary, sink) = try read(try ExportFixtures.write(ExportFixtures.export(records, prologue: prologue)))
        #expect(sink.samples.map(\.value) == [66] && sink.unparsable == [.heartRate: 1])
        #expect(
            summary.warnings == [
                "3 entity references were left unexpanded (only the five predefined XML entities and character references are decoded)"
            ])
    }

    @Test func controlCharactersInAttributesAreReplacedAndTheRecordStillRead() throws {
        let record = heartRate("64", at: "2026-03-02 08:00:00 +0100", device: "")
            .replacingOccurrences(of: " device=\"\"", with: "").replacingOccurrences(of: "\"Watch\"", with: "\"Bo\u{7}b&#1;s Watch\"")
        let (summary, sink) = try read(try ExportFixtures.write(ExportFixtures.export(record)))
        #expect(sink.samples.map(\.source) == ["Bo\u{FFFD}b\u{FFFD}s Watch"])
        #expect(sink.samples.first?.priority == RawSample.wearablePriority)
        #expect(
            summary.warnings == [
                "2 control characters or invalid character references in attribute values were replaced by U+FFFD"
            ])
    }

    @Test func anExportIsRecognisedByItsDoctypeOrHealthDataTag() {
        for yes in ["<!DOCTYPE HealthData [", "<?xml?>\n<HealthData locale=\"x\">", "<HealthData>", "<HealthData/>", "  <HealthData"] {
            #expect(AppleHealthExportReader.looksLikeExportXML(Data(yes.utf8)), "\(yes)")
        }
        for no in ["<HealthDataExport>", "<ClinicalDocument>", "", "HealthData"] {
            #expect(!AppleHealthExportReader.looksLikeExportXML(Data(no.utf8)), "\(no)")
        }
    }

    @Test func otherFilesAreRefusedNamingWhatTheyHold() throws {
        #expect(throws: AppleHealthExportReader.Failure.notAnExport(found: "JSON")) {
            _ = try read(try ExportFixtures.write("[{\"dateTime\": \"05/18/15 05:25:00\"}]", suffix: ".json"))
        }
        #expect(throws: AppleHealthExportReader.Failure.notAnExport(found: "an XML document whose first element is <ClinicalDocument>")) {
            _ = try read(try ExportFixtures.write("<?xml version=\"1.0\"?>\n<!-- CDA -->\n<ClinicalDocument/>"))
        }
        let zip = try ExportFixtures.zip([("notes.txt", Data("hello".utf8)), ("export_cda.xml", Data("<ClinicalDocument/>".utf8))])
        #expect(throws: AppleHealthExportReader.Failure.noExportInArchive(entries: ["notes.txt", "export_cda.xml"])) {
            _ = try read(zip)
        }
    }

    @Test func aTruncatedZipOrAnExportPastTheLimitsThrowsTheArchiveFailure() throws {
        let fixture = try Data(contentsOf: ExportFixtures.shared("apple-watch6-export.zip"))
        let truncated = ExportFixtures.temporaryURL(".zip")
        try fixture.prefix(1800).write(to: truncated)
        #expect(performing: { _ = try read(truncated) }, throws: { error in
            if case .corrupt? = error as? ExportArchive.Failure { return true }
            return false
        })
        let padding = String(repeating: " ", count: 3 << 20)
        let bomb = try ExportFixtures.zip([("export.xml", Data(ExportFixtures.export(padding).utf8))])
        #expect(throws: ExportArchive.Failure.entryTooLarge(entry: "export.xml", limit: 1 << 20)) {
            _ = try read(bomb, limits: .init(maximumEntryBytes: 1 << 20))
        }
    }

    @Test func aBareXMLEndingInsideARecordKeepsWhatCameBeforeAndWarns() throws {
        let text = ExportFixtures.export(heartRate("61", at: "2026-03-02 08:00:00 +0100") + "\n" + heartRate("62", at: "2026-03-02 08:01:00 +0100"))
        let cut = String(text.prefix(through: text.range(of: "value=\"62")!.lowerBound))
        let (summary, sink) = try read(try ExportFixtures.write(cut))
        #expect(sink.samples.map(\.value) == [61])
        #expect(
            summary.warnings == [
                "the XML ends inside a tag (truncated?)", "the export ends before </HealthData>: it may be truncated",
            ])
    }
}
