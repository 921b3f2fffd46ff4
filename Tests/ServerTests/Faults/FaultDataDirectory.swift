import Foundation
import GRDB
import Inspection
import NeuralEngine
import ONNXFormat
import Store
import Wearables

/// A temporary directory holding a data directory ready for `auscult serve --no-demo` — a small
/// simulated cohort, one small model of Auscult's own architecture (so it can be evaluated and
/// retrained), an admin token — and room beside it for logs and generated exports.
struct FaultDataDirectory: Sendable {
    let root: URL
    let data: URL
    let token: String
    let modelID: Int64

    /// Conv (4 channels, stride 16) + forward LSTM of 8 over 256 steps: cheap enough for a debug build.
    static let architecture = SequenceArchitecture(
        activation: .leakyRelu(alpha: 0.01), channels: 4, firstKernel: 16, firstStride: 16, recurrence: .forward, hiddenSize: 8)

    static func make(users: Int) throws -> FaultDataDirectory {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("auscult-faults-\(UUID().uuidString)")
        let data = root.appendingPathComponent("data")
        let database = try AppDatabase.openOnDisk(directory: data)
        try database.seedDemoCohortIfEmpty(CohortSimulator(seed: 909, userCount: users, weeksPerUser: 1))
        let card = ModelCard(
            name: "fault-model", description: "a small model for the fault tests", architecture: architecture, label: "sleep_apnea", plantedFailure: nil)
        let graph = architecture.makeGraph(seed: 3)
        let bytes = try ONNXExporter.serializedBytes(ONNXExporter.export(graph, opset: 17, modelName: card.name, docString: card.description))
        let model = try database.insertModel(name: card.name, onnx: bytes, card: try card.jsonText()).record
        let token = try database.createToken(scope: .admin, label: "fault tests").token
        return FaultDataDirectory(root: root, data: data, token: token, modelID: model.id!)
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }

    /// Reads the database file directly (the server stopped or not), as another process would.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        let queue = try DatabaseQueue(path: data.appendingPathComponent("auscult.sqlite").path)
        return try queue.read(body)
    }

    /// `PRAGMA integrity_check`, "ok" when the file is sound.
    func integrityCheck() throws -> String {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }

    /// Rows that belong to an upload: weeks stored from it, its user, its report.
    func rowsOf(upload id: Int64) throws -> (weeks: Int, hasReport: Bool, hasUser: Bool) {
        try read { db in
            let weeks = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM weeks WHERE upload_id = ?", arguments: [id]) ?? 0
            let row = try Row.fetchOne(db, sql: "SELECT report, user_id FROM uploads WHERE id = ?", arguments: [id])
            return (weeks, (row?["report"] as String?) != nil, (row?["user_id"] as Int64?) != nil)
        }
    }

    /// Files the upload directory holds.
    var uploadFiles: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent("uploads").path)) ?? []
    }

    /// A generic-CSV export of `weeks` weeks from Monday 2025-01-06 (UTC), a heart rate every
    /// `interval` seconds and steps on every tenth row, written to the root; returns its URL.
    func writeCSVExport(weeks: Int, interval: Int, name: String = "export.csv") throws -> URL {
        let url = root.appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw FaultTestError("cannot create \(url.path)") }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var chunk = "timestamp,heart_rate,steps\n"
        let start = 20_094 * 86_400  // 2025-01-06T00:00:00Z, a Monday
        for (row, time) in stride(from: start, to: start + weeks * 7 * 86_400, by: interval).enumerated() {
            chunk += Self.iso8601(time)
            chunk += row % 10 == 0 ? ",\(55 + row % 50),\(row % 13)\n" : ",\(55 + row % 50),\n"
            if chunk.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(chunk.utf8))
                chunk = ""
            }
        }
        try handle.write(contentsOf: Data(chunk.utf8))
        return url
    }

    /// `2025-01-06T00:00:20+00:00` for seconds since 1970 (UTC), without a formatter (fast in debug builds).
    static func iso8601(_ seconds: Int) -> String {
        // Howard Hinnant's civil_from_days.
        let days = seconds / 86_400
        let z = days + 719_468
        let era = z / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let second = seconds % 86_400
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60))+00:00"
    }
}
