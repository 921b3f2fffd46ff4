import Foundation

/// Gives the elements of an Apple Health `<HealthData>` document their meaning: heart-rate and step
/// records become samples, sleep and workouts context intervals, `Me` the profile, and every record is
/// counted by type and device.
///
/// Beat-to-beat readings (`InstantaneousBeatsPerMinute` inside a heart-rate-variability record) carry a
/// wall-clock time without a date. They are placed on the day, at the record's offset, that puts them
/// within 12 hours of the record's start, so a record that spans midnight keeps its beats in order; this
/// assumes the phone formatted the time at the offset it wrote the record's dates in.
///
/// The offset of the first dated record is noted with the sink before any sample, and every later offset
/// that differs from the one before (Apple writes all dates at the export's offset, so there is usually
/// one). Records of unused types are not dated once an offset is known.
struct AppleHealthDocumentReader {
    typealias Names = AppleHealthNames

    let includeBeatToBeat: Bool
    private(set) var summary = AppleHealthSummary()
    private(set) var sawHealthData = false
    private(set) var closedHealthData = false
    private(set) var samplesAdded = 0
    private(set) var unreadableIntervals = 0

    private var depth = 0
    private var lastOffset: Int?
    /// The heart-rate-variability record whose beats are being read: its start (nil if unreadable) and device.
    private var beatRecord: (start: AppleHealthTimestamp?, device: Int)?

    private var typeNames: [String] = []
    private var typeCounts: [Int] = []
    private var typeIndex: [[UInt8]: Int] = [:]
    private var lastType: [UInt8] = []
    private var lastTypeIndex = -1

    private var devices: [AppleHealthDevice] = []
    private var deviceCounts: [Int] = []
    private var heartRateCounts: [Int] = []
    /// Device indices by cleaned `device` bytes, and by `sourceName` for records without a device.
    private var deviceIndex: [[UInt8]: Int] = [:]
    private var sourceIndex: [[UInt8]: Int] = [:]
    private var lastDeviceKey: [UInt8] = []
    private var lastDeviceWasSource = false
    private var lastDeviceIndex = -1
    private var lastTimeZone: [UInt8] = []

    init(includeBeatToBeat: Bool) {
        self.includeBeatToBeat = includeBeatToBeat
    }

    mutating func handle(_ event: XMLEvent, into sink: inout some SampleSink) {
        switch event {
        case .startElement(let tag):
            depth += 1
            if depth == 1 {
                if tag.hasName(Names.healthData) {
                    sawHealthData = true
                    summary.locale = tag.string(Names.locale)
                }
            } else if tag.hasName(Names.record) {
                record(tag, into: &sink)
            } else if tag.hasName(Names.instantaneousBeatsPerMinute) {
                beat(tag, into: &sink)
            } else if tag.hasName(Names.metadataEntry) {
                metadata(tag)
            } else if depth == 2 {
                topLevelElement(tag, into: &sink)
            }
        case .endElement(let name):
            depth -= 1
            if name.equals(Names.record) { beatRecord = nil }
            if depth == 0 && name.equals(Names.healthData) { closedHealthData = true }
        }
    }

    /// The summary with its counts filled in; warnings are the caller's.
    func finishedSummary() -> AppleHealthSummary {
        var summary = summary
        summary.recordsByType = Dictionary(zip(typeNames, typeCounts), uniquingKeysWith: +)
        summary.devices = Dictionary(zip(devices.map(\.description), deviceCounts), uniquingKeysWith: +)
        var best = -1
        for index in devices.indices where devices[index].watch != nil && heartRateCounts[index] > 0 {
            if best < 0 || heartRateCounts[index] > heartRateCounts[best] { best = index }
        }
        summary.watch = best >= 0 ? devices[best].watch : nil
        return summary
    }

    private mutating func record(_ tag: XMLStartTag, into sink: inout some SampleSink) {
        let type = tag.value(Names.type) ?? []
        count(type: type)
        let device = deviceIndex(of: tag)
        if type.equals(Names.heartRate) {
            heartRateCounts[device] += 1
            guard let start = timestamp(tag, Names.startDate, into: &sink), let bpm = heartRate(tag) else {
                return sink.countUnparsable(kind: .heartRate)
            }
            add(.heartRate, start: start.date, end: nil, value: bpm, device: device, into: &sink)
        } else if type.equals(Names.stepCount) {
            guard let start = timestamp(tag, Names.startDate, into: &sink),
                let end = timestamp(tag, Names.endDate, into: &sink),
                let steps = tag.value(Names.value).flatMap(DecimalText.double)
            else { return sink.countUnparsable(kind: .steps) }
            add(.steps, start: start.date, end: end.date, value: steps, device: device, into: &sink)
        } else if type.equals(Names.heartRateVariability) {
            let start = timestamp(tag, Names.startDate, into: &sink)
            if includeBeatToBeat && !tag.isSelfClosing { beatRecord = (start, device) }
        } else if type.equals(Names.sleepAnalysis) {
            guard tag.value(Names.value)?.begins(with: Names.asleepPrefix) == true else { return }
            interval("asleep", tag, into: &sink)
        } else if lastOffset == nil {
            _ = timestamp(tag, Names.startDate, into: &sink)
        }
    }

    /// Beats per minute from `value` in `count/min` (or `count/s`, or no unit).
    private func heartRate(_ tag: XMLStartTag) -> Double? {
        guard let value = tag.value(Names.value).flatMap(DecimalText.double) else { return nil }
        guard let unit = tag.value(Names.unit), !unit.equals(Names.beatsPerMinute) else { return value }
        return unit.equals(Names.beatsPerSecond) ? value * 60 : nil
    }

    private mutating func beat(_ tag: XMLStartTag, into sink: inout some SampleSink) {
        guard let (recordStart, device) = beatRecord else { return }
        guard let recordStart, let bpm = tag.value(Names.bpm).flatMap(DecimalText.double),
            let secondsOfDay = tag.value(Names.time).flatMap(BeatToBeatTime.secondsOfDay)
        else { return sink.countUnparsable(kind: .heartRate) }
        let start = Double(recordStart.localSeconds)
        var local = (start / 86_400).rounded(.down) * 86_400 + secondsOfDay
        if local < start - 43_200 { local += 86_400 } else if local > start + 43_200 { local -= 86_400 }
        let date = Date(timeIntervalSince1970: local - Double(recordStart.offsetSeconds))
        add(.heartRate, start: date, end: nil, value: bpm, device: device, into: &sink)
    }

    private mutating func metadata(_ tag: XMLStartTag) {
        guard tag.value(Names.key)?.equals(Names.timeZoneKey) == true,
            let zone = tag.value(Names.value), !zone.equals(lastTimeZone)
        else { return }
        lastTimeZone = Array(zone)
        let name = String(decoding: zone, as: UTF8.self)
        if !summary.timeZones.contains(name) { summary.timeZones.append(name) }
    }

    private mutating func topLevelElement(_ tag: XMLStartTag, into sink: inout some SampleSink) {
        if tag.hasName(Names.me) {
            summary.birthDate = tag.string(Names.dateOfBirth).flatMap { LocalDate(iso: Substring($0)) }
            summary.sex = tag.string(Names.biologicalSex).map { sex in
                switch sex {
                case "HKBiologicalSexFemale": .female
                case "HKBiologicalSexMale": .male
                default: .unknown
                }
            }
        } else if tag.hasName(Names.correlation) {
            count(type: tag.value(Names.type) ?? [])
        } else if !tag.hasName(Names.exportDate) {
            count(type: tag.nameBytes)
            if tag.hasName(Names.workout) { interval("workout", tag, into: &sink) }
        }
    }

    private mutating func interval(_ context: String, _ tag: XMLStartTag, into sink: inout some SampleSink) {
        guard let start = timestamp(tag, Names.startDate, into: &sink), let end = timestamp(tag, Names.endDate, into: &sink)
        else { return unreadableIntervals += 1 }
        sink.addContext(context, start: start.date, end: end.date)
    }

    private mutating func add(
        _ kind: RawSample.Kind, start: Date, end: Date?, value: Double, device: Int, into sink: inout some SampleSink
    ) {
        samplesAdded += 1
        sink.add(
            RawSample(
                kind: kind, start: start, end: end, value: value, source: devices[device].source,
                priority: devices[device].priority))
    }

    /// The date in attribute `name`, noting its offset with the sink when it differs from the last one.
    private mutating func timestamp(
        _ tag: XMLStartTag, _ name: [UInt8], into sink: inout some SampleSink
    ) -> AppleHealthTimestamp? {
        guard let timestamp = tag.value(name).flatMap(AppleHealthTimestamp.init) else { return nil }
        if timestamp.offsetSeconds != lastOffset {
            lastOffset = timestamp.offsetSeconds
            sink.noteUTCOffset(timestamp.offsetSeconds)
        }
        return timestamp
    }

    private mutating func count(type: ArraySlice<UInt8>) {
        if lastTypeIndex < 0 || !type.equals(lastType) {
            lastType = Array(type)
            if let index = typeIndex[lastType] {
                lastTypeIndex = index
            } else {
                lastTypeIndex = typeNames.count
                typeIndex[lastType] = lastTypeIndex
                typeNames.append(String(decoding: type, as: UTF8.self))
                typeCounts.append(0)
            }
        }
        typeCounts[lastTypeIndex] += 1
    }

    /// The index of the record's device in `devices`, counting the record for it.
    private mutating func deviceIndex(of tag: XMLStartTag) -> Int {
        let device = tag.value(Names.device)
        let key = device.map(Self.withoutAddress) ?? tag.value(Names.sourceName) ?? []
        let isSource = device == nil
        if lastDeviceIndex < 0 || isSource != lastDeviceWasSource || !key.equals(lastDeviceKey) {
            lastDeviceKey = Array(key)
            lastDeviceWasSource = isSource
            if let index = isSource ? sourceIndex[lastDeviceKey] : deviceIndex[lastDeviceKey] {
                lastDeviceIndex = index
            } else {
                lastDeviceIndex = devices.count
                let sourceName = tag.string(Names.sourceName)
                if let device {
                    devices.append(AppleHealthDevice(device: String(decoding: device, as: UTF8.self), sourceName: sourceName))
                    deviceIndex[lastDeviceKey] = lastDeviceIndex
                } else {
                    devices.append(AppleHealthDevice(sourceName: sourceName ?? ""))
                    sourceIndex[lastDeviceKey] = lastDeviceIndex
                }
                deviceCounts.append(0)
                heartRateCounts.append(0)
            }
        }
        deviceCounts[lastDeviceIndex] += 1
        return lastDeviceIndex
    }

    /// The `device` text after `<<HKDevice: 0x…>, `, the part that is the same for every record of a device.
    private static func withoutAddress(_ device: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard device.begins(with: Names.hkDevicePrefix), let end = device.index(after: Names.deviceFieldsStart)
        else { return device }
        return device[end...]
    }
}
