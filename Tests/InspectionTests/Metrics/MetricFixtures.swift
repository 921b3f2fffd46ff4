import Foundation

/// `Fixtures/metrics.json`, written by `scripts/make_metric_fixtures.py` from scikit-learn and scipy. The
/// folder is excluded from the target's sources and found through `#filePath`.
struct MetricFixtures: Decodable {
    struct BinaryCase: Decodable {
        let name: String
        let threshold: Double
        let predictions: [Double]
        let labels: [Double]
        let auroc: Double
        let averagePrecision: Double
        let logLoss: Double
        let brier: Double
        let delongVariance: Double
        let truePositives: Int
        let falsePositives: Int
        let trueNegatives: Int
        let falseNegatives: Int
        let calibrationCounts: [Int]
        let calibrationMeanPrediction: [Double?]
        let calibrationObservedRate: [Double?]
        /// Full curves, present for the cases of at most 300 rows; `rocThresholds` omits sklearn's leading ∞.
        let rocFpr: [Double]?
        let rocTpr: [Double]?
        let rocThresholds: [Double]?
        let prPrecision: [Double]?
        let prRecall: [Double]?
        let prThresholds: [Double]?
    }

    struct RegressionCase: Decodable {
        let name: String
        let predictions: [Double]
        let labels: [Double]
        let clusters: [Int64]
        let mae: Double
        let rmse: Double
        let r2: Double
    }

    struct LinearCase: Decodable {
        let name: String
        let l2: Double
        let features: [[Double]]
        let labels: [Double]
        let coefficients: [Double]
        let intercept: Double
        /// Logistic cases: predicted probabilities; ridge cases: fitted values.
        let probabilities: [Double]?
        let predictions: [Double]?
    }

    struct CorrelationCase: Decodable {
        let name: String
        let x: [Double]
        let y: [Double]
        let pearson: Double
        let pearsonP: Double
        let pearsonLower: Double
        let pearsonUpper: Double
        let spearman: Double
        let spearmanP: Double
        let spearmanLower: Double
        let spearmanUpper: Double
    }

    struct ClusteredBinaryCase: Decodable {
        let name: String
        let predictions: [Double]
        let labels: [Double]
        let clusters: [Int64]
        let auroc: Double
        let clusteredVariance: Double
    }

    struct PairedBinaryCase: Decodable {
        let name: String
        let a: [Double]
        let b: [Double]
        let labels: [Double]
        let clusters: [Int64]
        let difference: Double
        let differenceVariance: Double
    }

    struct FisherCase: Decodable {
        let table: [[Int]]
        let pValue: Double
    }

    struct ProportionCase: Decodable {
        let a: [Int]
        let b: [Int]
        let aWilson: [Double]
        let bWilson: [Double]
        let newcombe: [Double]
        let chiSquareP: Double
    }

    struct Distributions: Decodable {
        struct IncompleteBetaValue: Decodable { let x, a, b, value: Double }
        struct StudentTValue: Decodable { let t, df, pValue: Double }
        struct NormalQuantile: Decodable { let p, value: Double }
        let incompleteBeta: [IncompleteBetaValue]
        let studentTTwoSided: [StudentTValue]
        let normalQuantile: [NormalQuantile]
    }

    struct QuantileCase: Decodable {
        let name: String
        let values: [Double]
        let count: Int
        let edges: [Double]
    }

    let versions: [String: String]
    let binary: [BinaryCase]
    let regression: [RegressionCase]
    let logistic: [LinearCase]
    let ridge: [LinearCase]
    let correlation: [CorrelationCase]
    let fisher: [FisherCase]
    let proportions: [ProportionCase]
    let distributions: Distributions
    let quantileBuckets: [QuantileCase]
    let clusteredBinary: [ClusteredBinaryCase]
    let pairedBinary: [PairedBinaryCase]

    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/metrics.json")

    /// Loaded once for all tests.
    static let shared = Result { try load() }

    static func load() throws -> MetricFixtures {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(MetricFixtures.self, from: Data(contentsOf: url))
    }
}

/// The largest absolute (or relative) difference from the reference seen for one metric, and where it was.
struct LargestDifference {
    let metric: String
    let tolerance: Double
    /// When set, differences are divided by max(|expected|, relativeFloor).
    let relativeFloor: Double?
    private(set) var largest = 0.0
    private(set) var worstCase = "none"

    init(_ metric: String, tolerance: Double, relativeFloor: Double? = nil) {
        self.metric = metric
        self.tolerance = tolerance
        self.relativeFloor = relativeFloor
    }

    /// Records the difference of `actual` from `expected`; a nil or NaN actual counts as infinite.
    mutating func record(_ actual: Double?, _ expected: Double, in caseName: String) {
        var difference = Double.infinity
        if let actual, !actual.isNaN {
            difference = abs(actual - expected) / (relativeFloor.map { max(abs(expected), $0) } ?? 1)
        }
        if difference > largest {
            largest = difference
            worstCase = caseName
        }
    }

    /// Prints the largest difference, where it occurred and the tolerance, and returns whether it is within.
    func report() -> Bool {
        let kind = relativeFloor.map { "relative (to max(|expected|, \($0)))" } ?? "absolute"
        print("\(metric): largest \(kind) difference \(largest) (case \(worstCase)), tolerance \(tolerance)")
        return largest <= tolerance
    }
}
