import Foundation

/// `d output / d series` over the input bins of one week, or averaged over several: per channel, its L2
/// norm over channels, log10 magnitudes, the peak, and the memory horizon around t0.
///
/// Values per channel are signed gradients for one week and mean absolute gradients for an average;
/// `l2` is the per-bin L2 norm over channels (for an average: the mean over weeks of each week's L2).
/// `log10L2` is nil where the magnitude is exactly 0 (JSON has no -∞).
public struct GradientProfile: Sendable, Codable, Equatable {
    public struct Channel: Sendable, Codable, Equatable {
        public var name: String
        public var values: [Float]
    }

    public struct Horizon: Sendable, Codable, Equatable {
        /// Lags (input bins) left and right of `centreBin` beyond which the L2 magnitude stays below
        /// `threshold · peak`; 0 when the output does not depend on the series.
        public var leftBins: Int
        public var rightBins: Int
        public var threshold: Float
    }

    public var channels: [Channel]
    public var l2: [Float]
    public var log10L2: [Float?]
    public var peak: Float
    public var peakBin: Int
    /// The input bin at the centre of t0's window (nil for an output without a time axis).
    public var centreBin: Int?
    public var horizon: Horizon?
    /// Σ |gradient| over every bin and channel.
    public var l1: Float

    /// A profile from per-channel values (each one per input bin) and the per-bin L2 magnitudes.
    public init(channels: [Channel], l2: [Float], centreBin: Int?, threshold: Float) {
        self.channels = channels
        self.l2 = l2
        log10L2 = l2.map { $0 > 0 ? log10f($0) : nil }
        let peakIndex = l2.indices.max { l2[$0] < l2[$1] } ?? 0
        peak = l2.isEmpty ? 0 : l2[peakIndex]
        peakBin = peakIndex
        self.centreBin = centreBin
        horizon = centreBin.map { centre in
            let measured = MemoryHorizon(magnitudes: l2, centreBin: centre, threshold: threshold)
            return Horizon(leftBins: measured.leftLag, rightBins: measured.rightLag, threshold: threshold)
        }
        l1 = channels.reduce(0) { total, channel in total + channel.values.reduce(0) { $0 + abs($1) } }
    }

    /// The profile of one week's gradient, given channel-major (one array of bins per channel).
    public init(gradient channelValues: [[Float]], channelNames: [String], centreBin: Int?, threshold: Float) {
        precondition(channelValues.count == channelNames.count, "one name per channel")
        let bins = channelValues.first?.count ?? 0
        var l2 = [Float](repeating: 0, count: bins)
        for values in channelValues {
            for bin in 0..<bins { l2[bin] += values[bin] * values[bin] }
        }
        self.init(
            channels: zip(channelNames, channelValues).map { Channel(name: $0, values: $1) },
            l2: l2.map { $0.squareRoot() }, centreBin: centreBin, threshold: threshold)
    }

    /// The average over weeks of the magnitudes of each week's gradient (`weeks` channel-major).
    public init(averaging weeks: [[[Float]]], channelNames: [String], centreBin: Int?, threshold: Float) {
        let bins = weeks.first?.first?.count ?? 0
        var channels = [[Float]](repeating: [Float](repeating: 0, count: bins), count: channelNames.count)
        var l2 = [Float](repeating: 0, count: bins)
        let scale = 1 / Float(max(1, weeks.count))
        for week in weeks {
            for bin in 0..<bins {
                var squares: Float = 0
                for channel in channels.indices {
                    let value = week[channel][bin]
                    channels[channel][bin] += abs(value) * scale
                    squares += value * value
                }
                l2[bin] += squares.squareRoot() * scale
            }
        }
        self.init(
            channels: zip(channelNames, channels).map { Channel(name: $0, values: $1) }, l2: l2, centreBin: centreBin,
            threshold: threshold)
    }
}
