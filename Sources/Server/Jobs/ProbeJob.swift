import Foundation
import Inspection
import NeuralEngine
import Store
import Wearables

/// Linear probes: for every tensor, a ridge regression from its time-pooled activations (mean and max
/// per unit) on the train split to a synthetic target, scored by R² on the tuning split.
enum ProbeJob {
    struct TensorResult: Encodable, Sendable {
        var tensor: String
        var units: Int
        var features: Int
        var trainWeeks: Int
        var tuningWeeks: Int
        var r2: Double?
        /// Bootstrap interval resampling users.
        var r2Interval: ConfidenceInterval?
        var reason: String?
    }

    struct Report: Encodable, Sendable {
        var task: String
        var unit: String
        var l2: Double
        var options: SyntheticTaskOptions
        var weeksWithoutTarget: Int
        var tensors: [TensorResult]
    }

    /// One split's pooled features per tensor and targets, for the weeks that have a target.
    struct Rows {
        var features: [String: [[Double]]] = [:]
        var targets: [Double] = []
        var users: [Int64] = []
        var skipped = 0
    }

    static func run(
        services: InspectionServices, model: LoadedModel, task: SyntheticTask, tensors: [ModelBinding.TimeTensor], l2: Double,
        options: SyntheticTaskOptions, progress: JobProgress
    ) async throws -> String {
        let trainIDs = try await services.weekIDs(split: .train)
        let tuningIDs = try await services.weekIDs(split: .tuning)
        var targets: [Int64: (value: Double?, user: Int64)] = [:]
        for id in trainIDs + tuningIDs {
            let week = try await services.database.week(id: id)
            targets[id] = (SyntheticTargets.value(task, week: SyntheticController.syntheticWeek(week), options: options).value, week.summary.userID)
        }
        var train = Rows()
        var tuning = Rows()
        for (ids, isTrain) in [(trainIDs, true), (tuningIDs, false)] {
            try await SplitScan.run(
                services: services, model: model, weekIDs: ids, tensors: tensors, progress: progress,
                progressBase: isTrain ? 0 : trainIDs.count, progressTotal: trainIDs.count + tuningIDs.count
            ) { week in
                guard let target = targets[week.weekID], let value = target.value else {
                    if isTrain { train.skipped += 1 } else { tuning.skipped += 1 }
                    return
                }
                for tensor in tensors {
                    let row = pooledFeatures(week.matrices[tensor.name]!)
                    if isTrain { train.features[tensor.name, default: []].append(row) } else { tuning.features[tensor.name, default: []].append(row) }
                }
                if isTrain {
                    train.targets.append(value)
                    train.users.append(target.user)
                } else {
                    tuning.targets.append(value)
                    tuning.users.append(target.user)
                }
            }
        }
        let results = tensors.map { tensor in
            score(tensor, train: train, tuning: tuning, l2: l2)
        }
        let report = Report(
            task: task.rawValue, unit: task.unit, l2: l2, options: options, weeksWithoutTarget: train.skipped + tuning.skipped, tensors: results)
        return String(decoding: try SnakeCaseJSON(report).data(), as: UTF8.self)
    }

    /// Mean and max of each unit over time.
    static func pooledFeatures(_ matrix: UnitTimeMatrix) -> [Double] {
        var means: [Double] = []
        var maxima: [Double] = []
        for unit in 0..<matrix.units {
            let values = matrix.unit(unit)
            means.append(Double(values.reduce(0, +)) / Double(max(1, values.count)))
            maxima.append(Double(values.max() ?? 0))
        }
        return means + maxima
    }

    static func score(_ tensor: ModelBinding.TimeTensor, train: Rows, tuning: Rows, l2: Double) -> TensorResult {
        var result = TensorResult(
            tensor: tensor.name, units: tensor.units, features: 2 * tensor.units, trainWeeks: train.targets.count, tuningWeeks: tuning.targets.count)
        guard let trainRows = train.features[tensor.name], let tuningRows = tuning.features[tensor.name], !tuningRows.isEmpty else {
            result.reason = "no week of the train or tuning split has a value of the target"
            return result
        }
        let names = (0..<tensor.units).map { "mean_\($0)" } + (0..<tensor.units).map { "max_\($0)" }
        do {
            let fit = try RidgeRegression.fit(features: trainRows, labels: train.targets, featureNames: names, l2: l2)
            let metrics = RegressionMetrics.compute(predictions: fit.predict(tuningRows), labels: tuning.targets, clusters: tuning.users)
            result.r2 = metrics.r2
            result.r2Interval = metrics.r2Interval
            result.reason = metrics.nullReasons["r2"]
        } catch {
            result.reason = "\(error)"
        }
        return result
    }
}
