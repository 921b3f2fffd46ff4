import Foundation
import Wearables

/// A `WeekResampler` that tells an `IngestProgress` how many records it has read, every 1,024.
struct ProgressReportingSink: SampleSink {
    var resampler: WeekResampler
    let progress: IngestProgress
    private var records = 0

    init(resampler: WeekResampler, progress: IngestProgress) {
        self.resampler = resampler
        self.progress = progress
    }

    mutating func add(_ sample: RawSample) {
        resampler.add(sample)
        tick()
    }

    mutating func countUnparsable(kind: RawSample.Kind) {
        resampler.countUnparsable(kind: kind)
        tick()
    }

    mutating func addContext(_ context: String, start: Date, end: Date) {
        resampler.addContext(context, start: start, end: end)
        tick()
    }

    mutating func noteUTCOffset(_ seconds: Int) {
        resampler.noteUTCOffset(seconds)
    }

    private mutating func tick() {
        records += 1
        if records & 0x3FF == 0 { progress.update(records: records) }
    }

    /// Reports the final count.
    func flush() {
        progress.update(records: records)
    }
}
