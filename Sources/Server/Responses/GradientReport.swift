import Foundation
import Inspection
import Store
import Wearables

/// The answer of the gradient endpoints: `d output / d series` per input bin and channel (one week,
/// or the mean magnitude over a split's sample), the memory horizon around t0, and the gradient with
/// respect to the metadata.
struct GradientReport: Encodable, Sendable {
    struct Feature: Encodable, Sendable {
        var name: String
        /// Signed for one week; the mean |gradient| over weeks for a split.
        var gradient: Float
    }

    struct Hours: Encodable, Sendable {
        var left: Double
        var right: Double
    }

    /// Integrated gradients' completeness check: the attributions' sum against F(week) − F(baseline).
    struct Completeness: Encodable, Sendable {
        var baseline: String
        var attributionSum: Float
        var outputDifference: Float
    }

    var modelId: Int64
    var output: String
    var t0: Int?
    var unit: Int
    /// `gradient` or `integrated` (then `channels` hold attributions, not gradients).
    var method: String
    var integrationSteps: Int?
    var weekId: Int64?
    var split: String?
    var weekIds: [Int64]
    var outputValue: Float?
    var binSeconds: Double
    var startUtc: Date?
    @GradientProfileJSON var profile: GradientProfile
    var horizonHours: Hours?
    var metadata: [Feature]
    var metadataL1: Float
    /// Share of the total |gradient| on the series (the rest is on the metadata).
    var seriesShare: Float
    var completeness: Completeness?

    static func compute(services: InspectionServices, model: LoadedModel, weekID: Int64?, query: GradientController.Query) async throws -> GradientReport {
        let binding = model.binding
        let target = query.target
        let channelNames = binding.series.channels
        let featureNames = binding.metadata?.features ?? []
        var report: GradientReport
        if let weekID {
            let (stored, week) = try await services.encodedWeek(id: weekID)
            let gradient = try await services.seriesGradients(model: model, weeks: [week], target: target)[0]
            var channels = gradient.channels
            var completeness: Completeness?
            if let steps = query.integrationSteps {
                (channels, completeness) = try await integrated(services: services, model: model, week: week, target: target, steps: steps, output: gradient.outputValue)
            }
            let profile = GradientProfile(gradient: channels, channelNames: channelNames, centreBin: target.centreBin, threshold: query.threshold)
            report = GradientReport(
                modelId: model.id, output: target.output, t0: target.t0, unit: target.unit, method: completeness == nil ? "gradient" : "integrated",
                integrationSteps: query.integrationSteps, weekId: weekID, split: nil, weekIds: [weekID], outputValue: gradient.outputValue,
                binSeconds: WeekGrid.binSeconds, startUtc: WeekReference.startUTC(stored.summary), profile: profile, horizonHours: nil,
                metadata: zip(featureNames, gradient.metadata).map { Feature(name: $0, gradient: $1) },
                metadataL1: gradient.metadata.reduce(0) { $0 + abs($1) }, seriesShare: 0, completeness: completeness)
        } else {
            let split = query.split!
            let ids = try await services.sampledWeekIDs(split: split, count: query.sample)
            guard !ids.isEmpty else {
                throw APIError(.unprocessableContent, code: "empty_split", message: "the \(split.rawValue) split has no weeks")
            }
            let gradients = try await services.seriesGradients(model: model, weeks: try await services.encodedWeeks(ids: ids), target: target)
            let profile = GradientProfile(averaging: gradients.map(\.channels), channelNames: channelNames, centreBin: target.centreBin, threshold: query.threshold)
            let scale = 1 / Float(gradients.count)
            let metadata = featureNames.indices.map { index in gradients.reduce(0) { $0 + abs($1.metadata[index]) } * scale }
            report = GradientReport(
                modelId: model.id, output: target.output, t0: target.t0, unit: target.unit, method: "gradient", integrationSteps: nil,
                weekId: nil, split: split.rawValue, weekIds: ids, outputValue: nil, binSeconds: WeekGrid.binSeconds, startUtc: nil,
                profile: profile, horizonHours: nil, metadata: zip(featureNames, metadata).map { Feature(name: $0, gradient: $1) },
                metadataL1: metadata.reduce(0, +), seriesShare: 0, completeness: nil)
        }
        let total = report.profile.l1 + report.metadataL1
        report.seriesShare = total > 0 ? report.profile.l1 / total : 0
        report.horizonHours = report.profile.horizon.map {
            Hours(left: Double($0.leftBins) * WeekGrid.binSeconds / 3600, right: Double($0.rightBins) * WeekGrid.binSeconds / 3600)
        }
        return report
    }

    /// Integrated-gradient attributions of one week against the train split's mean week, per channel,
    /// and the completeness check.
    static func integrated(
        services: InspectionServices, model: LoadedModel, week: EncodedWeek, target: GradientTarget, steps: Int, output: Float
    ) async throws -> ([[Float]], Completeness) {
        let baseline = try await services.meanWeek(split: .train)
        let path = IntegratedGradients.pathPoints(input: week.series, baseline: baseline.series, steps: steps).map {
            EncodedWeek(weekID: week.weekID, series: $0, metadata: week.metadata)
        }
        let baselineWeek = EncodedWeek(weekID: 0, series: baseline.series, metadata: week.metadata)
        let gradients = try await services.seriesGradients(model: model, weeks: path + [baselineWeek], target: target)
        // Back to the time-major (T, C) order of `EncodedWeek.series`, channels in binding order.
        let allChannels = SequenceInputEncoding.seriesChannels
        let indices = model.binding.series.channels.map { allChannels.firstIndex(of: $0)! }
        let bins = SequenceInputEncoding.binCount
        func timeMajor(_ channels: [[Float]]) -> [Float] {
            var values = [Float](repeating: 0, count: bins * allChannels.count)
            for (position, channel) in indices.enumerated() {
                for t in 0..<bins { values[t * allChannels.count + channel] = channels[position][t] }
            }
            return values
        }
        let attributions = IntegratedGradients.attributions(
            input: week.series, baseline: baseline.series, gradients: gradients.dropLast().map { timeMajor($0.channels) })
        let channels = indices.map { channel in (0..<bins).map { attributions[$0 * allChannels.count + channel] } }
        let completeness = Completeness(
            baseline: "mean week of the train split", attributionSum: attributions.reduce(0, +),
            outputDifference: output - gradients.last!.outputValue)
        return (channels, completeness)
    }
}

/// Where a stored week sits in time.
enum WeekReference {
    /// The week's first bin start, UTC.
    static func startUTC(_ summary: StoredWeekSummary) -> Date? {
        summary.start.midnightUTC.map { $0.addingTimeInterval(-Double(summary.utcOffsetSeconds)) }
    }
}
