import Foundation

/// L2-penalised logistic regression on standardised features, fitted by Newton's method (IRLS), e.g. the
/// metadata-only baseline that the network's AUROC is compared against.
public struct LogisticRegression: Codable, Sendable {
    public var featureNames: [String]
    /// Per-feature mean and population standard deviation used to standardise (scale 1 for constants).
    public var means: [Double]
    public var scales: [Double]
    /// Weights of the standardised features (0 for constant features), in `featureNames` order.
    public var coefficients: [Double]
    public var intercept: Double
    /// Newton steps taken.
    public var iterations: Int
    /// Whether the last Newton step moved every parameter by less than the tolerance.
    public var converged: Bool
    /// Names of the features that had a single value in the training rows.
    public var constantFeatures: [String]

    /// Minimises Σᵢ [log(1 + e^ηᵢ) − yᵢ ηᵢ] + (l2 / 2) ‖w‖², ηᵢ = b + w · zᵢ, over the standardised features z
    /// (`StandardizedDesign`), the intercept b unpenalised. This is scikit-learn's
    /// `LogisticRegression(C: 1 / l2)` on `StandardScaler` output (which minimises ½‖w‖² + C Σ loss); the
    /// tests agree with it to 1e-5 relative.
    ///
    /// Newton steps solve H δ = ∇ with H = Zᵀ diag(p(1 − p)) Z + l2 I (intercept row unpenalised) by
    /// Cholesky, halving the step while the objective increases; stops when max |δ| < `tolerance` or after
    /// `maximumIterations`. With l2 = 0 and separable classes the optimum is at infinity: the fit stops
    /// when the Hessian becomes singular and reports `converged == false`.
    ///
    /// Throws `LinearModelError` for no rows, ragged rows, mismatched names or labels, non-finite values,
    /// labels other than 0 and 1, one class only, or a negative penalty.
    public static func fit(
        features: [[Double]], labels: [Double], featureNames: [String], l2: Double = 1.0,
        maximumIterations: Int = 100, tolerance: Double = 1e-8
    ) throws -> LogisticRegression {
        guard l2.isFinite, l2 >= 0 else { throw LinearModelError.invalidPenalty(l2) }
        let design = try StandardizedDesign(features: features, labels: labels, featureNames: featureNames)
        if let row = labels.firstIndex(where: { $0 != 0 && $0 != 1 }) {
            throw LinearModelError.labelNotBinary(row: row, value: labels[row])
        }
        let positives = labels.filter { $0 == 1 }.count
        guard positives > 0, positives < labels.count else {
            throw LinearModelError.singleClass(label: labels[0], rows: labels.count)
        }
        let newton = LogisticNewton(design: design, labels: labels, l2: l2)
        let rate = Double(positives) / Double(labels.count)
        var parameters = [log(rate / (1 - rate))] + [Double](repeating: 0, count: design.activeColumns.count)
        var iterations = 0
        var converged = false
        while iterations < maximumIterations {
            guard let step = newton.step(from: parameters) else { break }
            iterations += 1
            parameters = step.parameters
            if step.largestChange < tolerance {
                converged = true
                break
            }
        }
        var coefficients = [Double](repeating: 0, count: featureNames.count)
        for (position, column) in design.activeColumns.enumerated() { coefficients[column] = parameters[position + 1] }
        return LogisticRegression(
            featureNames: featureNames, means: design.means, scales: design.scales, coefficients: coefficients,
            intercept: parameters[0], iterations: iterations, converged: converged,
            constantFeatures: design.constantFeatures)
    }

    /// P(label = 1) for each row of unstandardised features (same columns as `featureNames`; a row of
    /// another width is a programming error and traps).
    public func predict(_ features: [[Double]]) -> [Double] {
        StandardizedDesign.linearPredictor(
            features, means: means, scales: scales, coefficients: coefficients, intercept: intercept
        ).map(LogisticNewton.sigmoid)
    }
}
