import Foundation
import Inspection
import NeuralEngine
import Store
import Wearables

/// A stored week and its wearer encoded as a model's inputs (`SequenceInputEncoding`).
public struct EncodedWeek: Sendable {
    public var weekID: Int64
    /// `4096 × 3` time-major: heart rate, steps, observed, normalised.
    public var series: [Float]
    /// `age, male, first_generation_watch, utc_offset`, normalised.
    public var metadata: [Float]
    /// The week's context masks (one flag per input bin), by name.
    public var contextMasks: [String: [Bool]]

    public init(week: StoredWeek, user: StoredUser) {
        let series = week.series
        let record = user.record
        weekID = week.summary.id
        contextMasks = series.contextMasks
        self.series = SequenceInputEncoding.series(heartRate: series.heartRate, steps: series.steps, observed: series.observed)
        metadata = SequenceInputEncoding.metadata(
            ageYears: record.birthYear.map { week.summary.start.year - $0 }, isMale: record.sex == Sex.male.rawValue,
            firstGenerationWatch: record.deviceFamily == "apple_watch" && record.deviceGeneration == 1,
            utcOffsetSeconds: week.summary.utcOffsetSeconds)
    }

    public init(weekID: Int64, series: [Float], metadata: [Float], contextMasks: [String: [Bool]] = [:]) {
        self.weekID = weekID
        self.series = series
        self.metadata = metadata
        self.contextMasks = contextMasks
    }
}

extension ModelBinding {
    /// The feeds of a batch of weeks, in the binding's layouts and channel and feature orders.
    func feeds(_ weeks: some Collection<EncodedWeek>) -> [String: Tensor] {
        let bins = SequenceInputEncoding.binCount
        let allChannels = SequenceInputEncoding.seriesChannels
        let channelIndices = series.channels.map { allChannels.firstIndex(of: $0)! }
        let channelCount = channelIndices.count
        var seriesValues = [Float](repeating: 0, count: weeks.count * bins * channelCount)
        var metadataValues: [Float] = []
        for (row, week) in weeks.enumerated() {
            let base = row * bins * channelCount
            for (position, channel) in channelIndices.enumerated() {
                for t in 0..<bins {
                    let value = week.series[t * allChannels.count + channel]
                    switch series.layout {
                    case .ntc: seriesValues[base + t * channelCount + position] = value  // (N, T, C)
                    case .nct: seriesValues[base + position * bins + t] = value  // (N, C, T)
                    }
                }
            }
            if let metadata {
                let all = SequenceInputEncoding.metadataFeatures
                metadataValues += metadata.features.map { week.metadata[all.firstIndex(of: $0)!] }
            }
        }
        var feeds = [series.name: Tensor(shape: inputShapes(batch: weeks.count)[series.name]!, values: seriesValues)!]
        if let metadata {
            feeds[metadata.name] = Tensor(shape: [weeks.count, metadata.features.count], values: metadataValues)!
        }
        return feeds
    }
}
