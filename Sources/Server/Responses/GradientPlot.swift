import Foundation

/// `gradients.png`: the report's magnitudes per input bin on a log scale, with t0, the memory horizon
/// and the threshold marked.
enum GradientPlot {
    static let channelColors = [RGB(214, 39, 40), RGB(31, 119, 180), RGB(44, 160, 44), RGB(148, 103, 189)]

    static func input(_ report: GradientReport) -> LogLinePlotRenderer.Input {
        var series: [(name: String, values: [Float], color: RGB)] = report.profile.channels.enumerated().map { index, channel in
            (channel.name, channel.values.map(abs), channelColors[index % channelColors.count])
        }
        series.append(("L2", report.profile.l2, RGB.ink))
        let horizon = report.profile.horizon.map { (left: $0.leftBins, right: $0.rightBins) }
        var title = "model \(report.modelId): d \(report.output)"
        if let t0 = report.t0 { title += "[t0=\(t0), unit \(report.unit)]" } else { title += "[unit \(report.unit)]" }
        title += report.method == "integrated" ? " integrated gradients" : " / d series"
        if let week = report.weekId, report.split == nil { title += ", week \(week)" }
        if let split = report.split { title += ", mean over \(report.weekIds.count) \(split) weeks" }
        return LogLinePlotRenderer.Input(
            series: series, t0: report.profile.centreBin, horizon: horizon, threshold: report.profile.horizon?.threshold,
            title: title, timeTicks: WeekTimeTicks.days)
    }

    static func png(_ report: GradientReport) throws -> Data {
        try PNGEncoder.encode(LogLinePlotRenderer.render(input(report)))
    }
}

/// Day boundaries along a week's time axis (weeks start on Monday 00:00 local time).
enum WeekTimeTicks {
    static let dayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    static var days: [(fraction: Double, label: String)] {
        dayNames.enumerated().map { (Double($0.offset) / 7, $0.element) }
    }
}
