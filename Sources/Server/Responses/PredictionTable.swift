import Foundation
import Store

/// An evaluation's predictions as a table: one row per week with the wearer's metadata.
struct PredictionTable: Sendable {
    struct Row: Encodable, Sendable {
        var weekId: Int64
        var userId: Int64
        var userExternalId: String
        var weekStart: String
        var label: Double?
        var prediction: Double
        var ablatedPrediction: Double?
        var ageYears: Int?
        var sex: String
        var deviceFamily: String
        var deviceModel: String
        var deviceGeneration: Int?
        var source: String
        var coverage: Double
        var utcOffsetSeconds: Int
    }

    static let header = [
        "week_id", "user_id", "user_external_id", "week_start", "label", "prediction", "ablated_prediction", "age_years", "sex",
        "device_family", "device_model", "device_generation", "source", "coverage", "utc_offset_seconds",
    ]

    let objects: [Row]

    init(_ predictions: [StoredPrediction]) {
        objects = predictions.map { p in
            let week = p.week
            return Row(
                weekId: week.weekID, userId: week.userID, userExternalId: week.userExternalID, weekStart: week.weekStart.description,
                label: p.label, prediction: p.prediction, ablatedPrediction: p.ablatedPrediction, ageYears: week.ageYears, sex: week.sex,
                deviceFamily: week.deviceFamily, deviceModel: week.deviceModel, deviceGeneration: week.deviceGeneration, source: week.source,
                coverage: week.coverage, utcOffsetSeconds: week.utcOffsetSeconds)
        }
    }

    /// CSV fields; an unknown value is an empty field.
    var rows: [[String]] {
        objects.map { row in
            [
                String(row.weekId), String(row.userId), row.userExternalId, row.weekStart, row.label.map { "\($0)" } ?? "",
                "\(row.prediction)", row.ablatedPrediction.map { "\($0)" } ?? "", row.ageYears.map(String.init) ?? "", row.sex,
                row.deviceFamily, row.deviceModel, row.deviceGeneration.map(String.init) ?? "", row.source, "\(row.coverage)",
                String(row.utcOffsetSeconds),
            ]
        }
    }
}
