import Foundation
import Hummingbird
import Inspection
import Store
import Wearables

extension EvaluationController {
    struct BaselineModel: Encodable, Sendable {
        /// `logistic` (binary labels) or `ridge` (numeric).
        var kind: String
        var features: [String]
        /// Per standardised feature.
        var coefficients: [Double]
        var intercept: Double
        var means: [Double]
        var scales: [Double]
        var l2: Double
        var trainWeeks: Int
        var converged: Bool
        /// Unknown values (e.g. no birth year) are replaced by the train split's mean of the feature.
        var imputedWithTrainMean: [FieldNumber]
    }

    struct FieldNumber: Encodable, Sendable {
        var field: String
        var value: Double
    }

    struct ScatterPoint: Encodable, Sendable {
        var weekId: Int64
        var userId: Int64
        var label: Double
        var dnn: Double
        var baseline: Double
    }

    struct BaselineResponse: Encodable, Sendable {
        var evaluationId: Int64
        var split: String
        var model: BaselineModel
        var baselineBinary: BinaryMetrics?
        var baselineRegression: RegressionMetrics?
        var dnnBinary: BinaryMetrics?
        var dnnRegression: RegressionMetrics?
        /// How much better the network does than the baseline over the same weeks, positive when it is
        /// better: binary, its AUROC minus the baseline's (DeLong's paired test); numeric, the baseline's MAE
        /// minus its own (`PairedErrors`); both clustered by user.
        var dnnVersusBaseline: Difference?
        /// Between the baseline's and the network's predictions over the evaluation's labelled weeks.
        var pearson: CorrelationEstimate
        var spearman: CorrelationEstimate
        /// The network with every series replaced by the train split's mean week.
        var ablation: EvaluationMetrics.Ablation?
        var points: [ScatterPoint]
    }

    /// `baseline?features=age,sex&l2=1`: a logistic (or ridge) regression on metadata alone, fitted on the
    /// train split's labelled weeks and scored on the evaluation's, against the network; `format=csv`
    /// gives the scatter points.
    @Sendable func baseline(request: Request, context: AppRequestContext) async throws -> Response {
        let (record, predictions) = try await finishedPredictions(context)
        let reader = QueryReader(request)
        let fields = try MetadataField.list(
            reader.string("features") ?? "age,sex", parameter: "features", allowed: MetadataField.allCases.filter(\.isBaselineFeature))
        let l2 = try reader.double("l2", range: 0...1e6) ?? 1
        let binary = (record.taskKind ?? "binary") == "binary"
        let train = try await services.database.labelledWeeks(split: .train, label: record.label)
        guard !train.isEmpty else {
            throw APIError(.unprocessableContent, code: "no_training_data", message: "no week of the train split has the label '\(record.label)'")
        }
        let means = fields.map { field in
            let known = train.compactMap { field.number($0.week) }
            return known.isEmpty ? 0 : known.reduce(0, +) / Double(known.count)
        }
        func features(_ week: WeekMetadata) -> [Double] {
            fields.enumerated().map { index, field in field.number(week) ?? means[index] }
        }
        let names = fields.map(\.rawValue)
        let labelled = predictions.filter { $0.label != nil }
        let labels = labelled.map { $0.label! }
        var response: BaselineResponse
        do {
            let baselinePredictions: [Double]
            let model: BaselineModel
            if binary {
                let fit = try LogisticRegression.fit(features: train.map { features($0.week) }, labels: train.map(\.label), featureNames: names, l2: l2)
                baselinePredictions = fit.predict(labelled.map { features($0.week) })
                model = BaselineModel(
                    kind: "logistic", features: names, coefficients: fit.coefficients, intercept: fit.intercept, means: fit.means,
                    scales: fit.scales, l2: l2, trainWeeks: train.count, converged: fit.converged,
                    imputedWithTrainMean: zip(names, means).map { FieldNumber(field: $0, value: $1) })
            } else {
                let fit = try RidgeRegression.fit(features: train.map { features($0.week) }, labels: train.map(\.label), featureNames: names, l2: l2)
                baselinePredictions = fit.predict(labelled.map { features($0.week) })
                model = BaselineModel(
                    kind: "ridge", features: names, coefficients: fit.coefficients, intercept: fit.intercept, means: fit.means,
                    scales: fit.scales, l2: l2, trainWeeks: train.count, converged: true,
                    imputedWithTrainMean: zip(names, means).map { FieldNumber(field: $0, value: $1) })
            }
            let dnn = labelled.map(\.prediction)
            let users = labelled.map(\.userID)
            let metrics = EvaluationMetrics.compute(predictions, kind: record.taskKind ?? "binary")
            response = BaselineResponse(
                evaluationId: record.id!, split: record.split, model: model,
                baselineBinary: binary ? BinaryMetrics.compute(predictions: baselinePredictions, labels: labels, clusters: users) : nil,
                baselineRegression: binary ? nil : RegressionMetrics.compute(predictions: baselinePredictions, labels: labels, clusters: users),
                dnnBinary: metrics.binary, dnnRegression: metrics.regression,
                dnnVersusBaseline: binary
                    ? DeLong.comparePaired(dnn, baselinePredictions, labels: labels, clusters: users)
                    : PairedErrors.maeDifference(baselinePredictions, dnn, labels: labels, clusters: users),
                pearson: Correlation.pearson(baselinePredictions, dnn), spearman: Correlation.spearman(baselinePredictions, dnn),
                ablation: metrics.ablation,
                points: labelled.indices.map { index in
                    ScatterPoint(
                        weekId: labelled[index].weekID, userId: labelled[index].userID, label: labels[index], dnn: dnn[index],
                        baseline: baselinePredictions[index])
                })
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError(.unprocessableContent, code: "baseline_failed", message: "the baseline cannot be fitted: \(error)")
        }
        if try reader.wantsCSV() {
            let rows = response.points.map { ["\($0.weekId)", "\($0.userId)", "\($0.label)", "\($0.dnn)", "\($0.baseline)"] }
            return try CSVTable(header: ["week_id", "user_id", "label", "dnn", "baseline"], rows: rows, filename: "evaluation-\(record.id!)-baseline.csv")
                .response(from: request, context: context)
        }
        return try SnakeCaseJSON(response).response(from: request, context: context)
    }
}
