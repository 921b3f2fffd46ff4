import Foundation

/// Reads decoded FIT messages for what the resampler needs: the device (`file_id`), the file types, the
/// wearer's UTC offset, heart rate from `record` and `monitoring` messages, and steps from the cumulative
/// `cycles` of `monitoring` messages.
///
/// Times: field 253 (seconds since 1989-12-31T00:00:00Z); a compressed timestamp header (rebuilt by the
/// decoder); or, in monitoring messages, `timestamp_16` (field 26), rebuilt from the latest full or
/// rebuilt time t as t + ((ts16 − (t & 0xFFFF)) & 0xFFFF), so the rebuild is right as long as consecutive
/// messages are less than 18.2 hours apart. The UTC offset is `local_timestamp` − `timestamp` of the first
/// `monitoring_info` (field 0) or `activity` (field 5) message that has both, within ±14 hours.
/// Monitoring messages that sum a whole day (`duration_min` ≥ 1440) repeat the counts of the day's
/// intervals, so they advance the step counts but add no samples.
struct FITMessageInterpreter {
    static let epochUnixSeconds = 631_065_600
    static let garminManufacturer = 1

    private(set) var fileTypes: [String] = []
    private(set) var manufacturer: Int?
    private(set) var product: Int?
    private(set) var utcOffsetSeconds: Int?
    /// Samples without their source, which the caller names after the device.
    private(set) var samples: [RawSample] = []
    private(set) var unparsable: [RawSample.Kind] = []
    private(set) var messageCounts: [String: Int] = [:]
    private(set) var warnings: [String] = []
    /// FIT seconds of the first and last monitoring message with a time.
    private(set) var monitoringTimes: (first: Int, last: Int)?

    private var sawFileID = false
    private var runningTime: Int?
    private var previousMonitoringTime: Int?
    private var steps = FITMonitoringSteps()

    init(_ messages: [FITMessage]) {
        utcOffsetSeconds = offset(in: messages)
        for message in messages {
            messageCounts[FITProfile.messageName(message.globalNumber), default: 0] += 1
            switch message.globalNumber {
            case 0: readFileID(message)
            case 20: readRecord(message)
            case 55: readMonitoring(message)
            default: runningTime = message.timestamp.map(Int.init) ?? runningTime
            }
        }
    }

    /// The device named by the first `file_id` message.
    var device: DeviceModel {
        switch (manufacturer, product) {
        case (Self.garminManufacturer?, let product?):
            return .garmin(product: product)
        case (Self.garminManufacturer?, nil):
            return DeviceModel(family: .garmin, identifier: "garmin", name: "Garmin device", generation: nil)
        case (let manufacturer?, let product):
            let productText = product.map(String.init) ?? "unknown"
            return DeviceModel(
                family: .unknown, identifier: "fit:\(manufacturer):\(productText)",
                name: "FIT device (manufacturer \(manufacturer), product \(productText))", generation: nil)
        case (nil, _):
            return DeviceModel(family: .unknown, identifier: "fit", name: "FIT device", generation: nil)
        }
    }

    static func date(_ fitSeconds: Int) -> Date {
        Date(timeIntervalSince1970: TimeInterval(fitSeconds + epochUnixSeconds))
    }

    private mutating func offset(in messages: [FITMessage]) -> Int? {
        var found: Int?
        for message in messages {
            let localField: UInt8
            switch message.globalNumber {
            case 103: localField = 0
            case 34: localField = 5
            default: continue
            }
            guard let local = message.time(localField), let utc = message.time(FITMessage.timestampField) else { continue }
            let offset = local - utc
            guard abs(offset) <= 14 * 3600 else {
                warnings.append("\(FITProfile.messageName(message.globalNumber)) at offset \(message.offset): "
                    + "local time \(offset) s from UTC, beyond ±14 hours; ignored")
                continue
            }
            if let found, found != offset {
                warnings.append("\(FITProfile.messageName(message.globalNumber)) at offset \(message.offset): "
                    + "UTC offset \(offset) s differs from the first one, \(found) s; the first is used")
            }
            found = found ?? offset
        }
        return found
    }

    private mutating func readFileID(_ message: FITMessage) {
        runningTime = message.timestamp.map(Int.init) ?? runningTime
        fileTypes.append(message.integer(0).map(FITProfile.fileTypeName) ?? "unknown")
        guard !sawFileID else { return }
        sawFileID = true
        manufacturer = message.integer(1)
        product = message.integer(2)
    }

    private mutating func readRecord(_ message: FITMessage) {
        runningTime = message.timestamp.map(Int.init) ?? runningTime
        addHeartRate(message.field(3), time: message.timestamp.map(Int.init))
    }

    private mutating func readMonitoring(_ message: FITMessage) {
        var time = message.time(FITMessage.timestampField)
        if time == nil, let ts16 = message.integer(26).map({ $0 & 0xFFFF }), let last = runningTime {
            time = last + ((ts16 - (last & 0xFFFF)) & 0xFFFF)
        }
        time = time ?? message.timestamp.map(Int.init)
        runningTime = time ?? runningTime
        if let time { monitoringTimes = (monitoringTimes?.first ?? time, time) }
        defer { previousMonitoringTime = time ?? previousMonitoringTime }

        addHeartRate(message.field(27), time: time)
        guard let activityType = message.integer(5) ?? message.integer(24).map({ $0 & 0x1F }),
            FITMonitoringSteps.stepActivityTypes.contains(activityType), let cyclesField = message.field(3)
        else { return }
        guard cyclesField.isReadableInteger else { unparsable.append(.steps); return }
        guard let cycles = cyclesField.integer else { return }
        guard let time else { unparsable.append(.steps); return }
        let counted = steps.steps(cycles: cycles, activityType: activityType, time: time, utcOffsetSeconds: utcOffsetSeconds) ?? 0
        let dailySummary = (message.integer(29) ?? 0) >= 1440
        guard counted > 0, !dailySummary else { return }
        let start = previousMonitoringTime.map { min($0, time) } ?? time
        samples.append(RawSample(
            kind: .steps, start: Self.date(start), end: Self.date(time), value: Double(counted), source: "",
            priority: RawSample.wearablePriority))
    }

    private mutating func addHeartRate(_ field: FITField?, time: Int?) {
        guard let field else { return }
        guard field.isReadableInteger else { unparsable.append(.heartRate); return }
        guard let bpm = field.integer else { return }
        guard let time else { unparsable.append(.heartRate); return }
        samples.append(RawSample(
            kind: .heartRate, start: Self.date(time), value: Double(bpm), source: "", priority: RawSample.wearablePriority))
    }
}
