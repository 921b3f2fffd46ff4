import Foundation

/// What one simulated wearer does during one week, and when the device is on the wrist, bin by bin.
///
/// Every array is `WeekGrid.binCount` long. Clock times are hours since the week's start (Monday 00:00
/// local), so 24·d + h is hour h of day d; a bin belongs to an interval when the bin's midpoint does.
struct WeekActivityPlan {
    var asleep: [Bool]  // (4096,) the wearer is asleep, whether or not the device is worn
    var worn: [Bool]  // (4096,) the device is on the wrist
    var workout: [Bool]  // (4096,) inside a recorded workout (always worn)
    var exertion: [Double]  // (4096,) heart-rate drive from moving, bpm above resting
    var steps: [Float]  // (4096,) whole steps counted by the device; 0 asleep or not worn

    /// Chance that a walking bout goes on for another bin: bouts last 3 bins (7.4 min) on average,
    /// 12 bins at most.
    static let boutContinuation = 2.0 / 3
    static let longestBout = 12
    /// Heart-rate drive of walking, bpm per step/min (100 steps/min raises heart rate by 18 bpm).
    static let heartRatePerCadence = 0.18
    /// Per-bin chance of pottering about (a few steps) outside walking bouts while awake, and its mean.
    static let potteringProbability = 0.3
    static let potteringMeanSteps = 12.0
    /// Probability that a week is a poor-wear week, with the device off for 55–85 % of it.
    static let poorWearProbability = 0.05
    /// Probability that a first-generation Apple Watch spends a night on its charger.
    static let overnightChargingProbability = 0.9
    static let weekHours = WeekGrid.weekSeconds / 3600

    static func sample(
        traits: PhysiologyTraits, sensor: SimulatedSensor, using generator: inout SeededRandomNumberGenerator
    ) -> WeekActivityPlan {
        let count = WeekGrid.binCount
        var plan = WeekActivityPlan(
            asleep: Array(repeating: false, count: count), worn: Array(repeating: true, count: count),
            workout: Array(repeating: false, count: count), exertion: Array(repeating: 0, count: count),
            steps: Array(repeating: 0, count: count))
        let nights = sampleNights(traits: traits, using: &generator)
        for night in nights { plan.mark(\.asleep, true, fromHour: night.onset, toHour: night.wake) }
        plan.removeDeviceForCharging(nights: nights, sensor: sensor, using: &generator)
        plan.removeDeviceForGaps(using: &generator)
        plan.placeWorkouts(traits: traits, using: &generator)
        plan.fillWalking(traits: traits, using: &generator)
        return plan
    }

    /// The bins whose midpoints fall in [start, end), hours since the week's start, clipped to the week.
    static func bins(fromHour start: Double, toHour end: Double) -> Range<Int> {
        let binHours = WeekGrid.binSeconds / 3600
        let lower = min(WeekGrid.binCount, max(0, Int((start / binHours - 0.5).rounded(.up))))
        let upper = min(WeekGrid.binCount, max(lower, Int((end / binHours - 0.5).rounded(.up))))
        return lower..<upper
    }

    private mutating func mark(
        _ channel: WritableKeyPath<WeekActivityPlan, [Bool]>, _ value: Bool, fromHour start: Double,
        toHour end: Double
    ) {
        for bin in Self.bins(fromHour: start, toHour: end) { self[keyPath: channel][bin] = value }
    }

    /// Nights −1 (Sunday before the week) through 6 (Sunday), onset and wake in hours since the week's
    /// start. Onset: habit + N(0, 0.4²) h, half an hour later on Friday and Saturday; duration: habit +
    /// N(0, 0.45²) h clamped to 6 … 8.5 h.
    private static func sampleNights(
        traits: PhysiologyTraits, using generator: inout SeededRandomNumberGenerator
    ) -> [(onset: Double, wake: Double)] {
        (-1...6).map { day in
            let weekendDelay = (day == 4 || day == 5) ? 0.5 : 0
            let onset =
                24 * Double(day) + traits.habitualSleepOnsetHour + weekendDelay
                + generator.normal(standardDeviation: 0.4)
            let jitteredDuration = traits.habitualSleepDuration + generator.normal(standardDeviation: 0.45)
            let duration = min(8.5, max(6, jitteredDuration))
            return (onset, onset + duration)
        }
    }

    /// Later Apple Watches charge 45–75 min a day, after waking or in the evening (even odds); first-
    /// generation ones charge overnight, from 0–30 min before sleep onset to 0–45 min after waking, on
    /// each night with probability 0.9; Fitbit and Garmin charge 60–120 min on one evening.
    private mutating func removeDeviceForCharging(
        nights: [(onset: Double, wake: Double)], sensor: SimulatedSensor,
        using generator: inout SeededRandomNumberGenerator
    ) {
        // nights[day] is the night ending on the morning of `day`; nights[day + 1] begins that evening.
        switch sensor.charging {
        case .dailyShort:
            for day in 0..<7 {
                let start =
                    generator.bernoulli(0.5)
                    ? nights[day].wake + generator.uniform(0.25...1.5)
                    : nights[day + 1].onset - generator.uniform(1.5...3.5)
                mark(\.worn, false, fromHour: start, toHour: start + generator.uniform(0.75...1.25))
            }
        case .overnight:
            for night in nights where generator.bernoulli(Self.overnightChargingProbability) {
                mark(\.worn, false, fromHour: night.onset - generator.uniform(0...0.5),
                     toHour: night.wake + generator.uniform(0...0.75))
            }
        case .weekly:
            let day = generator.integer(in: 0...6)
            let start = nights[day + 1].onset - generator.uniform(1.5...3.5)
            mark(\.worn, false, fromHour: start, toHour: start + generator.uniform(1...2))
        }
    }

    /// Off-wrist gaps: Poisson(1.2) per week, 0.5–4 h each, at any time; and, in 5 % of weeks, one
    /// block of 55–85 % of the week without the device (these are the low-coverage weeks).
    private mutating func removeDeviceForGaps(using generator: inout SeededRandomNumberGenerator) {
        for _ in 0..<generator.poisson(mean: 1.2) {
            let start = generator.uniform(0...Self.weekHours)
            mark(\.worn, false, fromHour: start, toHour: start + generator.uniform(0.5...4))
        }
        if generator.bernoulli(Self.poorWearProbability) {
            let length = Self.weekHours * generator.uniform(0.55...0.85)
            let start = generator.uniform(0...(Self.weekHours - length))
            mark(\.worn, false, fromHour: start, toHour: start + length)
        }
    }

    /// Min(5, Poisson(workoutsPerWeek)) workouts of 20–70 min starting 06:00–20:30, each placed where
    /// the wearer is awake with the device on and no other workout lies within 4 bins (10 min) before or
    /// 8 bins (20 min) after, so recovery tails stay clean; a workout that finds no such place in 20
    /// tries is skipped. The first bin runs at 60 % of the workout's intensity, the rest at 100 % ± 4 %.
    private mutating func placeWorkouts(
        traits: PhysiologyTraits, using generator: inout SeededRandomNumberGenerator
    ) {
        let binMinutes = WeekGrid.binSeconds / 60
        for _ in 0..<min(5, generator.poisson(mean: traits.workoutsPerWeek)) {
            for _ in 0..<20 {
                let start = 24 * Double(generator.integer(in: 0...6)) + generator.uniform(6...20.5)
                let range = Self.bins(fromHour: start, toHour: start + generator.uniform(20...70) / 60)
                let guardBand = max(0, range.lowerBound - 4)..<min(WeekGrid.binCount, range.upperBound + 8)
                guard !range.isEmpty,
                    range.allSatisfy({ !asleep[$0] && worn[$0] }),
                    guardBand.allSatisfy({ !workout[$0] })
                else { continue }
                let kind = SimulatedWorkoutKind.sample(using: &generator)
                let intensity = generator.uniform(kind.intensityRange)
                let cadence = kind.cadenceRange.map { generator.uniform($0) }
                for bin in range {
                    workout[bin] = true
                    let ramp = bin == range.lowerBound ? 0.6 : 1
                    exertion[bin] = intensity * ramp * (1 + generator.normal(standardDeviation: 0.04))
                    if let cadence {
                        steps[bin] = Float((cadence * binMinutes * generator.uniform(0.9...1)).rounded())
                    } else {
                        steps[bin] = Float(generator.poisson(mean: kind.incidentalStepsPerBin))
                    }
                }
                break
            }
        }
    }

    /// Walking bouts and pottering in awake bins outside workouts. A bout starts in a bin with probability
    /// max(0, dailyStepTarget − 1,470) / 576 / 408 (576 steps in a mean bout, 408 awake bins a day),
    /// lasts a geometric number of bins (mean 3, at most 12), at a cadence of 80–115 steps/min filling
    /// 60–100 % of each bin. Steps raise heart rate by `heartRatePerCadence`; the device counts them
    /// only when worn.
    private mutating func fillWalking(
        traits: PhysiologyTraits, using generator: inout SeededRandomNumberGenerator
    ) {
        let binMinutes = WeekGrid.binSeconds / 60
        let boutStartProbability = max(0, traits.dailyStepTarget - 1_470) / 576 / 408
        var boutRemaining = 0
        var cadence = 0.0
        for bin in 0..<WeekGrid.binCount {
            guard !asleep[bin], !workout[bin] else {
                boutRemaining = 0
                continue
            }
            var binSteps = 0.0
            if boutRemaining == 0, generator.bernoulli(boutStartProbability) {
                boutRemaining = 1
                while boutRemaining < Self.longestBout, generator.bernoulli(Self.boutContinuation) {
                    boutRemaining += 1
                }
                cadence = generator.uniform(80...115)
            }
            if boutRemaining > 0 {
                binSteps = (cadence * binMinutes * generator.uniform(0.6...1)).rounded()
                boutRemaining -= 1
            } else if generator.bernoulli(Self.potteringProbability) {
                binSteps = Double(generator.poisson(mean: Self.potteringMeanSteps))
            }
            exertion[bin] = Self.heartRatePerCadence * binSteps / binMinutes
            if worn[bin] { steps[bin] = Float(binSteps) }
        }
    }
}
