import Foundation
import Hummingbird
import Store
import Wearables

/// A week with its series: one value per bin for each channel, the bin start times, and the context
/// masks. Heart rate is null where no sample was observed.
struct WeekDetailResponse: ResponseEncodable, Sendable {
    struct Series: Encodable, Sendable {
        /// Bin start, seconds since 1970 UTC.
        let time: [Double]
        let heartRate: [Float?]
        let steps: [Float]
        let observed: [Int]

        enum CodingKeys: String, CodingKey {
            case time, steps, observed
            case heartRate = "heart_rate"
        }
    }

    let week: WeekSummaryResponse
    let series: Series
    let masks: [String: [Int]]

    init(_ stored: StoredWeek) {
        self.week = WeekSummaryResponse(stored.summary)
        let series = stored.series
        self.series = Series(
            time: (0..<series.heartRate.count).map { series.utcTimestamp(ofBin: $0) },
            heartRate: zip(series.heartRate, series.observed).map { $1 > 0 ? $0 : nil },
            steps: series.steps,
            observed: series.observed.map { $0 > 0 ? 1 : 0 })
        self.masks = series.contextMasks.mapValues { $0.map { $0 ? 1 : 0 } }
    }

    enum CodingKeys: String, CodingKey {
        case series
        case masks = "context_mask_values"
    }

    func encode(to encoder: any Encoder) throws {
        try week.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(series, forKey: .series)
        try container.encode(masks, forKey: .masks)
    }
}
