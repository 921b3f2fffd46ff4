/// Combining a stored week with a newer upload's version of the same week.
extension WeekSeries {
    /// This week with `newer`'s bins laid over it: a bin where `newer` has data (an observed heart rate
    /// or counted steps) takes `newer`'s heart rate, steps and observed flag; the other bins keep this
    /// week's. Context masks are combined bin by bin (a bin is asleep if either says so); the offset
    /// stays this week's. Merging the same data twice changes nothing.
    public func merging(_ newer: WeekSeries) -> WeekSeries {
        var merged = self
        for bin in 0..<min(heartRate.count, newer.heartRate.count) where newer.observed[bin] > 0 || newer.steps[bin] > 0 {
            merged.heartRate[bin] = newer.heartRate[bin]
            merged.steps[bin] = newer.steps[bin]
            merged.observed[bin] = newer.observed[bin]
        }
        for (name, mask) in newer.contextMasks {
            guard let existing = contextMasks[name], existing.count == mask.count else {
                merged.contextMasks[name] = mask
                continue
            }
            merged.contextMasks[name] = zip(existing, mask).map { $0 || $1 }
        }
        return merged
    }
}
