import Foundation
import NeuralEngine

/// How a week and its wearer become the two inputs of Auscult's own sequence models.
///
/// **series** `[N, 4096, 3]`, time-major, channels in this order:
/// 0. heart rate: `(bpm − 70) / 20` where the bin is observed, 0 where it is not;
/// 1. steps: `log(1 + steps per bin) / 5` (a brisk walk of ~300 steps a bin gives ≈ 1.14);
/// 2. observed mask: 1 where the bin holds a heart-rate sample, else 0.
///
/// **metadata** `[N, 4]`, in this order:
/// 0. age: `(years − 50) / 15` (0 when unknown);
/// 1. male: 1 or 0;
/// 2. first-generation Apple Watch: 1 or 0;
/// 3. UTC offset: `hours / 12`.
public enum SequenceInputEncoding {
    public static let binCount = 4096
    public static let seriesChannels = ["heart_rate", "steps", "observed"]
    public static let metadataFeatures = ["age", "male", "first_generation_watch", "utc_offset"]

    public static let heartRateCenter: Float = 70
    public static let heartRateScale: Float = 20
    public static let stepsLogScale: Float = 5
    public static let ageCenter: Float = 50
    public static let ageScale: Float = 15
    public static let utcOffsetScale: Float = 12

    /// The `4096 × 3` time-major series of one week; the three channels must have 4,096 bins each.
    public static func series(heartRate: [Float], steps: [Float], observed: [Float]) -> [Float] {
        precondition(heartRate.count == binCount && steps.count == binCount && observed.count == binCount,
                     "a week has \(binCount) bins per channel")
        var values = [Float](repeating: 0, count: binCount * 3)  // (T, 3)
        for t in 0..<binCount {
            let seen = observed[t] > 0
            values[3 * t] = seen ? (heartRate[t] - heartRateCenter) / heartRateScale : 0
            values[3 * t + 1] = log1pf(max(0, steps[t])) / stepsLogScale
            values[3 * t + 2] = seen ? 1 : 0
        }
        return values
    }

    /// The four metadata features of one wearer.
    public static func metadata(ageYears: Int?, isMale: Bool, firstGenerationWatch: Bool, utcOffsetSeconds: Int) -> [Float] {
        [
            ageYears.map { (Float($0) - ageCenter) / ageScale } ?? 0,
            isMale ? 1 : 0,
            firstGenerationWatch ? 1 : 0,
            Float(utcOffsetSeconds) / 3600 / utcOffsetScale,
        ]
    }

    /// The model-card description of both inputs (what a client must feed).
    public static var cardInputs: [String: ModelCard.Input] {
        [
            "series": ModelCard.Input(
                role: "series", shape: [-1, binCount, 3], channels: seriesChannels,
                normalisation: [
                    "heart_rate": "(bpm - 70) / 20 where observed, 0 where not",
                    "steps": "log(1 + steps per bin) / 5",
                    "observed": "1 where the bin holds a heart-rate sample, else 0",
                ]),
            "metadata": ModelCard.Input(
                role: "metadata", shape: [-1, metadataFeatures.count], channels: metadataFeatures,
                normalisation: [
                    "age": "(years - 50) / 15, 0 when unknown",
                    "male": "1 for male, else 0",
                    "first_generation_watch": "1 for Apple Watch Watch1,1 / Watch1,2, else 0",
                    "utc_offset": "hours / 12",
                ]),
        ]
    }
}
