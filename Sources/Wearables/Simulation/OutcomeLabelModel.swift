import Foundation

/// The logistic models that turn a simulated wearer's latent causes and metadata into outcome labels.
///
/// With `a = (age − 50) / 10` and `male` = 1 for men, 0 otherwise:
///
///     P(sleep_apnea = 1)  = σ(−4.5 + 0.60·AHI + 0.10·a + 0.10·male)
///     P(hypertension = 1) = σ(−1.2 + 1.2·(SBP − 130)/10 + 0.20·a + 0.20·male)
///     P(diabetes = 1)     = σ(−2.4 + 1.5·g + 0.25·a + 0.20·male)
///     systolic_bp         = round(SBP + N(0, 6²))  (one clinic reading, mmHg)
///
/// where σ is the logistic function, AHI = `PhysiologyTraits.apneaSeverity`, SBP =
/// `systolicBloodPressure` and g = `glycemicBurden`. The latents depend on age, sex and BMI themselves
/// (see `CohortSimulator`), so metadata predicts each label only in part and the series, which carry
/// the latents, hold extra signal.
enum OutcomeLabelModel {
    static func logistic(_ x: Double) -> Double {
        1 / (1 + exp(-x))
    }

    static func sleepApneaProbability(apneaSeverity: Double, age: Int, isMale: Bool) -> Double {
        logistic(-4.5 + 0.60 * apneaSeverity + 0.10 * decades(age) + 0.10 * indicator(isMale))
    }

    static func hypertensionProbability(systolicBloodPressure: Double, age: Int, isMale: Bool) -> Double {
        logistic(
            -1.2 + 1.2 * (systolicBloodPressure - 130) / 10 + 0.20 * decades(age) + 0.20 * indicator(isMale))
    }

    static func diabetesProbability(glycemicBurden: Double, age: Int, isMale: Bool) -> Double {
        logistic(-2.4 + 1.5 * glycemicBurden + 0.25 * decades(age) + 0.20 * indicator(isMale))
    }

    /// Draws the four labels, in a fixed order so the stream stays reproducible: `sleep_apnea`,
    /// `hypertension`, `diabetes` (0 or 1) and `systolic_bp` (whole mmHg).
    static func drawLabels(
        traits: PhysiologyTraits, age: Int, isMale: Bool, using generator: inout SeededRandomNumberGenerator
    ) -> [String: Double] {
        let apnea = generator.bernoulli(
            sleepApneaProbability(apneaSeverity: traits.apneaSeverity, age: age, isMale: isMale))
        let hypertension = generator.bernoulli(
            hypertensionProbability(
                systolicBloodPressure: traits.systolicBloodPressure, age: age, isMale: isMale))
        let diabetes = generator.bernoulli(
            diabetesProbability(glycemicBurden: traits.glycemicBurden, age: age, isMale: isMale))
        let reading = generator.normal(mean: traits.systolicBloodPressure, standardDeviation: 6).rounded()
        return [
            "sleep_apnea": apnea ? 1 : 0,
            "hypertension": hypertension ? 1 : 0,
            "diabetes": diabetes ? 1 : 0,
            "systolic_bp": reading,
        ]
    }

    private static func decades(_ age: Int) -> Double {
        Double(age - 50) / 10
    }

    private static func indicator(_ flag: Bool) -> Double {
        flag ? 1 : 0
    }
}
