/// Turns the cumulative `cycles` of monitoring messages into the steps of each interval.
///
/// In monitoring files `cycles` (field 3) counts since the start of the wearer's local day, separately
/// for each activity type, and is a step count (the profile's `steps` subfield, scale 1) when the type is
/// walking (6) or running (1); for cycling and swimming it counts strokes, which are not steps. The steps
/// of an interval are the rise since the previous count of the same type. The count restarts at local
/// midnight: a fall means a restart, and so does a new local day when the UTC offset is known (the count
/// at exactly midnight is the total of the day that ended, as the devices' daily summaries show). Without
/// an offset, a new day whose first count exceeds the previous day's last is read as a rise; that is the
/// error this cannot avoid. Read the same way for monitoring_a and monitoring_b files, though only a
/// monitoring_b file was available to check it against.
struct FITMonitoringSteps: Sendable {
    static let stepActivityTypes: Set<Int> = [1, 6]

    private var previous: [Int: (count: Int, day: Int?)] = [:]

    /// The steps counted since the previous count of `activityType`, given the count at `time` (FIT
    /// seconds); nil when the type does not count steps.
    mutating func steps(cycles: Int, activityType: Int, time: Int, utcOffsetSeconds: Int?) -> Int? {
        guard Self.stepActivityTypes.contains(activityType) else { return nil }
        let day = utcOffsetSeconds.map { Int(((Double(time - 1 + $0)) / 86_400).rounded(.down)) }
        defer { previous[activityType] = (cycles, day) }
        guard let before = previous[activityType], cycles >= before.count, before.day == day else { return cycles }
        return cycles - before.count
    }
}
