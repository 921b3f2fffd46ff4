import Synchronization

/// How far an ingest has got: bytes of the file consumed and records read. Readers update it from
/// their thread; the upload endpoint reads it while the job runs.
public final class IngestProgress: Sendable {
    private let state = Mutex<(bytes: Int64, records: Int)>((0, 0))

    public init() {}

    public var bytesProcessed: Int64 { state.withLock { $0.bytes } }
    public var recordsProcessed: Int { state.withLock { $0.records } }

    func update(bytes: Int64) {
        state.withLock { $0.bytes = max($0.bytes, bytes) }
    }

    func update(records: Int) {
        state.withLock { $0.records = records }
    }
}
