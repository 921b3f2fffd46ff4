import Foundation

/// Reads Garmin FIT files (activity and monitoring files, chained files too) into heart-rate and step
/// samples named after the device.
///
/// Heart rate comes from `record` (field 3) and `monitoring` (field 27) messages; steps from the
/// cumulative `cycles` of walking and running `monitoring` messages, as the steps of each interval
/// between consecutive monitoring messages (see `FITMonitoringSteps`). Samples carry
/// `RawSample.wearablePriority`. A value the file holds but this reader cannot place (no time to rebuild
/// it from, a field of a non-integer type) is counted as unparsable; a value stored as the protocol's
/// invalid value is "not recorded" and counted nowhere.
///
/// The whole file is decoded before the sink sees anything, so a damaged file adds nothing: memory is
/// proportional to the file's size, which the caller caps.
public struct FITExportReader {
    public init() {}

    /// True when `prefix` (the first 12 bytes or more of an upload) starts with a FIT file header.
    public static func looksLikeFIT(_ prefix: Data) -> Bool {
        FITFileHeader.isPresent(in: [UInt8](prefix.prefix(FITFileHeader.minimumSize)), at: 0)
    }

    /// Decodes `data`, then notes its UTC offset (when known) and adds its samples to `sink`.
    /// - Throws: `Failure` when the file is not FIT, is truncated, fails a CRC, or has a record that
    ///   cannot be decoded.
    public func read(_ data: Data, into sink: inout some SampleSink) throws -> FITSummary {
        let decoded = try FITDecoder.decode([UInt8](data))
        let interpreter = FITMessageInterpreter(decoded.messages)
        let device = interpreter.device
        if let offset = interpreter.utcOffsetSeconds {
            sink.noteUTCOffset(offset)
        }
        for var sample in interpreter.samples {
            sample.source = device.name
            sink.add(sample)
        }
        for kind in interpreter.unparsable {
            sink.countUnparsable(kind: kind)
        }
        return FITSummary(
            device: device, fileTypes: interpreter.fileTypes, utcOffsetSeconds: interpreter.utcOffsetSeconds,
            messageCounts: interpreter.messageCounts, warnings: decoded.warnings + interpreter.warnings)
    }
}
