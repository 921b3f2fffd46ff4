import Foundation

/// The hidden physiology and habits of one simulated wearer: the causes behind both the weekly series
/// and the outcome labels of `CohortSimulator`.
///
/// Analyses can compare what a model learned with these ground-truth values, which no real export
/// carries. How each trait is drawn, and how it shapes the series and the labels, is written out in the
/// documentation of `CohortSimulator`.
public struct PhysiologyTraits: Sendable, Codable, Hashable {
    /// Body-mass index, kg/m² (17 … 45).
    public var bodyMassIndex: Double
    /// Cardiorespiratory fitness as a z-score (cohort mean ≈ 0, SD ≈ 1); higher means a lower resting
    /// heart rate, more steps and more workouts.
    public var fitness: Double
    /// Awake, seated heart rate at the circadian mean, bpm; includes `hypertensionHeartRateOffset`.
    public var restingHeartRate: Double
    /// How much lower heart rate is while asleep than awake at the same clock time, bpm.
    public var sleepHeartRateDrop: Double
    /// Half the peak-to-trough swing of the 24-hour heart-rate rhythm, bpm.
    public var circadianAmplitude: Double
    /// Local clock hour (0 ..< 24) at which the circadian rhythm peaks.
    public var circadianPeakHour: Double
    /// Sleep-apnea severity as an apnea–hypopnea index (AHI), events per hour of sleep; ≥ 0, and 15 or
    /// more counts as moderate.
    public var apneaSeverity: Double
    /// The diabetes latent ("glycemic burden"), a z-score; it sets `recoveryTimeConstant` and the
    /// `diabetes` label.
    public var glycemicBurden: Double
    /// Time constant of the exponential fall of heart rate back to baseline after exertion, minutes
    /// (≈ 4 when `glycemicBurden` is low, 12–14 when it is high).
    public var recoveryTimeConstant: Double
    /// Usual systolic blood pressure, mmHg: the hypertension latent. The `systolic_bp` label is one noisy
    /// clinic reading of it.
    public var systolicBloodPressure: Double
    /// The part of `restingHeartRate` caused by hypertension, bpm (0 … 8).
    public var hypertensionHeartRateOffset: Double
    /// Usual local clock hour of falling asleep; values of 24 or more mean after midnight (22.5 … 24.5).
    public var habitualSleepOnsetHour: Double
    /// Usual time asleep per night, hours.
    public var habitualSleepDuration: Double
    /// Usual steps per day from walking and moving about, outside workouts.
    public var dailyStepTarget: Double
    /// Mean number of workouts per week (the weekly count is Poisson with this mean, capped at 5).
    public var workoutsPerWeek: Double

    public init(
        bodyMassIndex: Double, fitness: Double, restingHeartRate: Double, sleepHeartRateDrop: Double,
        circadianAmplitude: Double, circadianPeakHour: Double, apneaSeverity: Double,
        glycemicBurden: Double, recoveryTimeConstant: Double, systolicBloodPressure: Double,
        hypertensionHeartRateOffset: Double, habitualSleepOnsetHour: Double, habitualSleepDuration: Double,
        dailyStepTarget: Double, workoutsPerWeek: Double
    ) {
        self.bodyMassIndex = bodyMassIndex
        self.fitness = fitness
        self.restingHeartRate = restingHeartRate
        self.sleepHeartRateDrop = sleepHeartRateDrop
        self.circadianAmplitude = circadianAmplitude
        self.circadianPeakHour = circadianPeakHour
        self.apneaSeverity = apneaSeverity
        self.glycemicBurden = glycemicBurden
        self.recoveryTimeConstant = recoveryTimeConstant
        self.systolicBloodPressure = systolicBloodPressure
        self.hypertensionHeartRateOffset = hypertensionHeartRateOffset
        self.habitualSleepOnsetHour = habitualSleepOnsetHour
        self.habitualSleepDuration = habitualSleepDuration
        self.dailyStepTarget = dailyStepTarget
        self.workoutsPerWeek = workoutsPerWeek
    }

    /// Peak height of the heart-rate surge that ends each apnea cycle, bpm: 20 · (1 − e^(−AHI/10)),
    /// so 5.2 at AHI 3, 15.5 at AHI 15 and 19 at AHI 30.
    public var apneaSurgeAmplitude: Double {
        20 * (1 - exp(-apneaSeverity / 10))
    }

    /// Fraction of sleep spent in clusters of apnea cycles: min(0.8, AHI / 20).
    public var apneaClusterFraction: Double {
        min(0.8, apneaSeverity / 20)
    }
}
