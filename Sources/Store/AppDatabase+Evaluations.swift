import Foundation
import GRDB
import Wearables

/// A week's identity and its wearer's metadata: what prediction tables, strata and baselines read.
public struct WeekMetadata: Sendable, Hashable {
    public var weekID: Int64
    public var userID: Int64
    public var userExternalID: String
    public var weekStart: LocalDate
    public var utcOffsetSeconds: Int
    public var coverage: Double
    public var birthYear: Int?
    public var sex: String
    public var deviceFamily: String
    public var deviceModel: String
    public var deviceGeneration: Int?
    public var source: String

    /// Age in whole years at the week's start, when the birth year is known.
    public var ageYears: Int? { birthYear.map { weekStart.year - $0 } }

    static let columns = """
        w.id AS week_id, w.user_id, u.external_id, w.start_local, w.utc_offset_seconds, w.coverage,
        u.birth_year, u.sex, u.device_family, u.device_model, u.device_generation, u.source
        """

    init(row: Row) {
        let start: String = row["start_local"]
        weekID = row["week_id"]
        userID = row["user_id"]
        userExternalID = row["external_id"]
        weekStart = LocalDate(iso: Substring(start)) ?? LocalDate(year: 1970, month: 1, day: 1)
        utcOffsetSeconds = row["utc_offset_seconds"]
        coverage = row["coverage"]
        birthYear = row["birth_year"]
        sex = row["sex"]
        deviceFamily = row["device_family"]
        deviceModel = row["device_model"]
        deviceGeneration = row["device_generation"]
        source = row["source"]
    }
}

/// One prediction of an evaluation with its week and wearer.
public struct StoredPrediction: Sendable, Hashable {
    public var week: WeekMetadata
    public var label: Double?
    public var prediction: Double
    public var ablatedPrediction: Double?

    public var weekID: Int64 { week.weekID }
    public var userID: Int64 { week.userID }
}

/// A label name with how many users carry it and whether its values are all 0 or 1.
public struct LabelSummary: Sendable, Hashable {
    public var name: String
    public var users: Int
    public var isBinary: Bool
}

extension AppDatabase {
    /// Every label name users or weeks carry, with the number of users and the kind, by name.
    public func labelSummaries() async throws -> [LabelSummary] {
        try await dbWriter.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT name, COUNT(DISTINCT user_id) AS users, SUM(CASE WHEN value IN (0, 1) THEN 0 ELSE 1 END) AS non_binary
                    FROM (SELECT user_id, name, value FROM user_labels
                          UNION ALL SELECT w.user_id, l.name, l.value FROM week_labels l JOIN weeks w ON w.id = l.week_id)
                    GROUP BY name ORDER BY name
                    """
            ).map { LabelSummary(name: $0["name"], users: $0["users"], isBinary: ($0["non_binary"] as Int) == 0) }
        }
    }

    /// Records an evaluation and returns it with its id.
    public func createEvaluation(modelID: Int64, split: CohortSplit, label: String, taskKind: String) async throws -> EvaluationRecord {
        try await dbWriter.write { db in
            var record = EvaluationRecord(modelId: modelID, split: split.rawValue, label: label, taskKind: taskKind)
            try record.insert(db)
            return record
        }
    }

    /// Links an evaluation to the job computing it.
    public func attachJob(_ jobID: Int64, toEvaluation evaluationID: Int64) async throws {
        try await dbWriter.write { db in
            try db.execute(sql: "UPDATE evaluations SET job_id = ? WHERE id = ?", arguments: [jobID, evaluationID])
        }
    }

    /// Stores a batch of predictions in one transaction.
    public func insertPredictions(_ predictions: [PredictionRecord]) async throws {
        try await dbWriter.write { db in
            for prediction in predictions { try prediction.insert(db) }
        }
    }

    /// Stores an evaluation's metrics (JSON text).
    public func setEvaluationMetrics(_ metrics: String, evaluationID: Int64) async throws {
        try await dbWriter.write { db in
            try db.execute(sql: "UPDATE evaluations SET metrics = ? WHERE id = ?", arguments: [metrics, evaluationID])
        }
    }

    /// One evaluation, or `StoreError.evaluationNotFound`.
    public func evaluation(id: Int64) async throws -> EvaluationRecord {
        try await dbWriter.read { db in
            guard let record = try EvaluationRecord.fetchOne(db, key: id) else { throw StoreError.evaluationNotFound(id) }
            return record
        }
    }

    /// Evaluations, newest first, optionally of one model.
    public func evaluations(modelID: Int64? = nil, limit: Int = 100) async throws -> [EvaluationRecord] {
        try await dbWriter.read { db in
            var request = EvaluationRecord.order(Column("id").desc).limit(limit)
            if let modelID { request = request.filter(Column("model_id") == modelID) }
            return try request.fetchAll(db)
        }
    }

    /// Every prediction of an evaluation with its week and wearer, by week id.
    public func predictions(evaluationID: Int64) async throws -> [StoredPrediction] {
        try await dbWriter.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(WeekMetadata.columns), p.label, p.prediction, p.ablated_prediction
                    FROM predictions p JOIN weeks w ON w.id = p.week_id JOIN users u ON u.id = w.user_id
                    WHERE p.evaluation_id = ? ORDER BY p.week_id
                    """,
                arguments: [evaluationID]
            ).map { row in
                StoredPrediction(week: WeekMetadata(row: row), label: row["label"], prediction: row["prediction"], ablatedPrediction: row["ablated_prediction"])
            }
        }
    }

    /// The weeks of a split that have `label`, with its value, by week id: the week's own label where
    /// it has one, else its wearer's.
    public func labelledWeeks(split: CohortSplit, label: String) async throws -> [(week: WeekMetadata, label: Double)] {
        try await dbWriter.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(WeekMetadata.columns), COALESCE(wl.value, l.value) AS value
                    FROM weeks w JOIN users u ON u.id = w.user_id
                    LEFT JOIN user_labels l ON l.user_id = u.id AND l.name = ?
                    LEFT JOIN week_labels wl ON wl.week_id = w.id AND wl.name = ?
                    WHERE u.split = ? AND COALESCE(wl.value, l.value) IS NOT NULL ORDER BY w.id
                    """,
                arguments: [label, label, split.rawValue]
            ).map { (WeekMetadata(row: $0), $0["value"]) }
        }
    }
}

extension AppDatabase {
    /// Sets (inserts or replaces) label values, all in one transaction; `StoreError.userNotFound` for an
    /// unknown user, and then nothing is written.
    public func setLabels(_ values: [(userID: Int64, name: String, value: Double)]) async throws {
        try await dbWriter.write { db in
            for entry in values {
                guard try UserRecord.exists(db, key: entry.userID) else { throw StoreError.userNotFound(entry.userID) }
                try UserLabelRecord(userId: entry.userID, name: entry.name, value: entry.value).save(db)
            }
        }
    }
}
