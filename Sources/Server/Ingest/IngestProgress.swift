import Synchronization

/// How far an ingest has got: bytes of the file consumed and records read. Readers update it from
/// their thread; the upload endpoint reads it while the job runs.
///
/// It also carries the stop of a cancelled ingest: once `cancel()` is called, the reader's next progress
/// report (after each chunk of the file or each file of an archive) throws `IngestProgress.Stopped`.
public final class IngestProgress: Sendable {
    private let state = Mutex<(bytes: Int64, records: Int)>((0, 0))
    private let cancelled = Atomic<Bool>(false)

    /// Thrown by a reader whose ingest was cancelled, with how far it had read.
    struct Stopped: Error, CustomStringConvertible {
        var bytes: Int64
        var records: Int

        var description: String { "after reading \(bytes) bytes (\(records) records)" }
    }

    public init() {}

    public var bytesProcessed: Int64 { state.withLock { $0.bytes } }
    public var recordsProcessed: Int { state.withLock { $0.records } }

    /// Makes the reader stop at its next progress report.
    func cancel() {
        cancelled.store(true, ordering: .relaxed)
    }

    func update(bytes: Int64) {
        state.withLock { $0.bytes = max($0.bytes, bytes) }
    }

    /// `update(bytes:)`, then `stopIfCancelled()`.
    func advance(bytes: Int64) throws {
        update(bytes: bytes)
        try stopIfCancelled()
    }

    func stopIfCancelled() throws {
        if cancelled.load(ordering: .relaxed) {
            throw state.withLock { Stopped(bytes: $0.bytes, records: $0.records) }
        }
    }

    func update(records: Int) {
        state.withLock { $0.records = records }
    }
}
