import Testing

/// Faults the service must come through: a `kill -9`, a `SIGTERM` with jobs running, a full disk, a
/// data directory it cannot write. The suites run one at a time: each drives `auscult serve` processes
/// whose timing the others would disturb on a small machine.
@Suite(.serialized)
struct FaultTests {}
