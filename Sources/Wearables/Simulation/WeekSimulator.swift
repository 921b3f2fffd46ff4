import Foundation

/// Turns one wearer's traits and one week's activity plan into the heart-rate, steps and observed
/// channels of a `WeekSeries`.
///
/// Heart rate in bin t, bpm, before the device sees it:
///
///     HR(t) = restingHeartRate + circadianAmplitude · cos(2π (hour(t) − circadianPeakHour) / 24)
///             − sleepHeartRateDrop · asleep(t) + E(t) + D(t) + A(t) + I(t) + ε(t)
///
/// - E, exertion with recovery: E(t) = max(drive(t), E(t−1) · exp(−binMinutes / recoveryTimeConstant)),
///   where drive is a workout's rise or 0.18 bpm per step/min of walking. Heart rate rises within a bin
///   and falls back exponentially with the wearer's time constant.
/// - D, slow drift (posture, stress, thermoregulation): AR(1) with coefficient 0.9 and innovation SD
///   1.2 bpm awake, 0.35 bpm asleep (stationary SD ≈ 2.8 and 0.8 bpm).
/// - A, apnea cycles, asleep only: clusters of 4–16 bins start with probability f / (10 (1 − f)) per
///   sleeping bin, f = `apneaClusterFraction`; within a cluster every cycle of 2–3 bins opens with a surge
///   of `apneaSurgeAmplitude` × U(0.7, 1.3) and spends its other bins 0.3 × amplitude below baseline.
/// - I, an illness episode's rise (`IllnessEpisode`), 0 in weeks without one.
/// - ε, beat-to-beat averaging noise: SD 1.5 bpm awake, 0.5 asleep; plus the sensor's measurement
///   noise on observed bins.
///
/// The result is clamped to 35 … 210 bpm. A bin is observed when the device is worn and either a
/// workout is running or a draw with the sensor's resting probability succeeds; unobserved bins carry
/// heart rate 0. The `asleep` mask is the sleep the device saw: true sleep while worn.
struct WeekSimulator {
    let traits: PhysiologyTraits
    let sensor: SimulatedSensor

    static let driftCoefficient = 0.9

    func simulate(
        start: LocalDate, utcOffsetSeconds: Int, illness: IllnessEpisode?, using generator: inout SeededRandomNumberGenerator
    ) -> WeekSeries {
        let plan = WeekActivityPlan.sample(traits: traits, sensor: sensor, using: &generator)
        let count = WeekGrid.binCount
        let binMinutes = WeekGrid.binSeconds / 60
        let recoveryDecay = exp(-binMinutes / traits.recoveryTimeConstant)
        let surgeAmplitude = traits.apneaSurgeAmplitude
        let clusterFraction = traits.apneaClusterFraction
        let clusterStartProbability = clusterFraction / (10 * (1 - clusterFraction))
        // Beat-averaging noise and sensor error are independent, so their variances add.
        let measurement = sensor.measurementNoise
        let asleepNoise = (0.5 * 0.5 + measurement * measurement).squareRoot()
        let awakeNoise = (1.5 * 1.5 + measurement * measurement).squareRoot()

        var heartRate = [Float](repeating: 0, count: count)
        var observed = [Float](repeating: 0, count: count)
        var exertion = 0.0
        var drift = 0.0
        var clusterRemaining = 0
        var cycleLength = 2
        var cyclePosition = 0

        for bin in 0..<count {
            let asleep = plan.asleep[bin]
            let hour = WeekGrid.localHour(ofBin: bin)
            var rate =
                traits.restingHeartRate
                + traits.circadianAmplitude * cos(2 * Double.pi * (hour - traits.circadianPeakHour) / 24)
            exertion = max(plan.exertion[bin], exertion * recoveryDecay)
            drift =
                Self.driftCoefficient * drift + generator.normal(standardDeviation: asleep ? 0.35 : 1.2)
            rate += exertion + drift + (illness?.heartRateOffset(atBin: bin) ?? 0)

            if asleep {
                rate -= traits.sleepHeartRateDrop
                if clusterRemaining == 0, surgeAmplitude > 0, generator.bernoulli(clusterStartProbability) {
                    clusterRemaining = generator.integer(in: 4...16)
                    cycleLength = generator.integer(in: 2...3)
                    cyclePosition = 0
                }
                if clusterRemaining > 0 {
                    rate +=
                        cyclePosition == 0
                        ? surgeAmplitude * generator.uniform(0.7...1.3) : -0.3 * surgeAmplitude
                    cyclePosition = (cyclePosition + 1) % cycleLength
                    clusterRemaining -= 1
                }
            } else {
                clusterRemaining = 0
            }

            let worn = plan.worn[bin]
            let isObserved =
                worn && (plan.workout[bin] || generator.bernoulli(sensor.restingObservationProbability))
            guard isObserved else { continue }
            rate += generator.normal(standardDeviation: asleep ? asleepNoise : awakeNoise)
            heartRate[bin] = Float(min(210, max(35, rate)))
            observed[bin] = 1
        }

        var asleepMask = plan.asleep
        for bin in 0..<count where !plan.worn[bin] { asleepMask[bin] = false }
        return WeekSeries(
            start: start, utcOffsetSeconds: utcOffsetSeconds, heartRate: heartRate, steps: plan.steps,
            observed: observed, contextMasks: ["asleep": asleepMask, "workout": plan.workout])
    }
}
