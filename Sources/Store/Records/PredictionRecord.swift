import GRDB

/// A row of `predictions`: the model's output for one week of an evaluation, beside the week's label
/// (nil when the user's label is unknown).
public struct PredictionRecord: Codable, Hashable, Sendable {
    public var evaluationId: Int64
    public var weekId: Int64
    public var prediction: Double
    public var label: Double?
    /// The prediction with the week's series replaced by the train split's mean week (nil when the
    /// evaluation ran without the ablation).
    public var ablatedPrediction: Double?

    public init(evaluationId: Int64, weekId: Int64, prediction: Double, label: Double?, ablatedPrediction: Double? = nil) {
        self.evaluationId = evaluationId
        self.weekId = weekId
        self.prediction = prediction
        self.label = label
        self.ablatedPrediction = ablatedPrediction
    }
}

extension PredictionRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "predictions"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
}
