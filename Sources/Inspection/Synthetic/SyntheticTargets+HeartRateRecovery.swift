extension SyntheticTargets {
    /// Mean minutes from the end of a workout episode to the first observed bin at or below
    /// `resting_hr + recoveryMarginBpm`.
    ///
    /// An episode is a maximal run of the `workout` mask; it ends at the start of the first bin after
    /// it, and a recovery found in bin b after an episode ending at bin e takes (b − e) · 147.65625 s,
    /// so 0 when the first bin after the workout is already recovered. The search stops at
    /// `recoveryMaximumMinutes` (the episode is *censored*), or earlier at the next episode or the week's
    /// end (*cut short*); either way the episode is excluded and counted in `counts`. Resting heart rate
    /// is this week's `resting_hr` with the same options.
    static func heartRateRecovery(_ week: SyntheticWeek, _ options: SyntheticTaskOptions) -> SyntheticValue {
        func missing(_ reason: String, _ counts: [String: Int] = [:]) -> SyntheticValue {
            SyntheticValue(value: nil, reason: reason, unit: "min", binsUsed: 0, counts: counts)
        }
        guard let workout = week.contextMasks["workout"] else {
            return missing("the week has no workout mask: its source does not record workouts")
        }
        let episodes = runs(of: workout)
        guard !episodes.isEmpty else { return missing("no workout in the week", ["episodes": 0]) }
        let resting = restingHeartRate(week, options)
        guard let restingRate = resting.value else {
            return missing("no resting heart rate to recover to: \(resting.reason ?? "")", ["episodes": episodes.count])
        }
        let threshold = restingRate + options.recoveryMarginBpm
        let binMinutes = LocalHourWindow.binSeconds / 60
        let longestLag = Int((options.recoveryMaximumMinutes / binMinutes).rounded(.down))
        var minutes: [Double] = []
        var censored = 0, cutShort = 0, scanned = 0
        for (index, episode) in episodes.enumerated() {
            let end = episode.upperBound
            let nextStart = index + 1 < episodes.count ? episodes[index + 1].lowerBound : week.heartRate.count
            let limit = min(end + longestLag + 1, nextStart)
            var seen = 0
            var recovery: Int?
            for bin in end..<limit where week.isObserved(bin) {
                seen += 1
                if Double(week.heartRate[bin]) <= threshold {
                    recovery = bin
                    break
                }
            }
            if let recovery {
                minutes.append(Double(recovery - end) * binMinutes)
                scanned += seen
            } else if limit == end + longestLag + 1 {
                censored += 1
            } else {
                cutShort += 1
            }
        }
        let counts = ["episodes": episodes.count, "measured": minutes.count, "censored": censored, "cut_short": cutShort]
        guard !minutes.isEmpty else {
            let reason = "none of the \(episodes.count) workout episodes came back to within "
                + "\(options.recoveryMarginBpm) bpm of resting heart rate (\((restingRate * 10).rounded() / 10) bpm) in an observed bin: "
                + "\(censored) censored at \(options.recoveryMaximumMinutes) min, \(cutShort) cut short by the next workout or the week's end"
            return missing(reason, counts)
        }
        let mean = minutes.reduce(0, +) / Double(minutes.count)
        return SyntheticValue(value: mean, reason: nil, unit: "min", binsUsed: scanned, counts: counts)
    }

    /// The maximal runs of true values, in order.
    static func runs(of mask: [Bool]) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var start: Int?
        for (bin, flag) in mask.enumerated() {
            if flag, start == nil { start = bin }
            if !flag, let open = start {
                runs.append(open..<bin)
                start = nil
            }
        }
        if let open = start { runs.append(open..<mask.count) }
        return runs
    }
}
