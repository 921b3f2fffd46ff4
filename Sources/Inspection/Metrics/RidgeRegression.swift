/// L2-penalised least squares on standardised features, in closed form: the linear baseline for numeric
/// labels and the linear probe of a layer's activations.
public struct RidgeRegression: Codable, Sendable {
    public var featureNames: [String]
    /// Per-feature mean and population standard deviation used to standardise (scale 1 for constants).
    public var means: [Double]
    public var scales: [Double]
    /// Weights of the standardised features (0 for constant features), in `featureNames` order.
    public var coefficients: [Double]
    public var intercept: Double
    /// Names of the features that had a single value in the training rows.
    public var constantFeatures: [String]

    /// Minimises ½ Σᵢ (yᵢ − b − w · zᵢ)² + (l2 / 2) ‖w‖² over the standardised features z
    /// (`StandardizedDesign`), the intercept b unpenalised: the same optimum as scikit-learn's
    /// `Ridge(alpha: l2)` on `StandardScaler` output (which minimises ‖y − Zw − b‖² + alpha ‖w‖²); the
    /// tests agree with it to 1e-9 relative.
    ///
    /// Solves the normal equations [[n, Σzᵀ], [Σz, ZᵀZ + l2 I]] [b; w] = [Σy; Zᵀy] by Cholesky
    /// (O(rows · features²)). Throws `LinearModelError` for no rows, ragged rows, mismatched names or labels,
    /// non-finite values, a negative penalty, or (with l2 = 0) collinear features.
    public static func fit(
        features: [[Double]], labels: [Double], featureNames: [String], l2: Double = 1.0
    ) throws -> RidgeRegression {
        guard l2.isFinite, l2 >= 0 else { throw LinearModelError.invalidPenalty(l2) }
        let design = try StandardizedDesign(features: features, labels: labels, featureNames: featureNames)
        let width = design.activeColumns.count
        let dimension = width + 1
        var normal = [Double](repeating: 0, count: dimension * dimension)  // lower triangle filled
        var rightHandSide = [Double](repeating: 0, count: dimension)
        var augmented = [Double](repeating: 1, count: dimension)  // (1, z_i)
        for row in 0..<design.rowCount {
            for column in 0..<width { augmented[column + 1] = design.matrix[row * width + column] }
            for i in 0..<dimension {
                rightHandSide[i] += augmented[i] * labels[row]
                for j in 0...i { normal[i * dimension + j] += augmented[i] * augmented[j] }
            }
        }
        for i in 1..<dimension { normal[i * dimension + i] += l2 }
        guard let factorization = CholeskyFactorization(matrix: normal, dimension: dimension) else {
            throw LinearModelError.singularSystem(features: width)
        }
        let solution = factorization.solve(rightHandSide)
        var coefficients = [Double](repeating: 0, count: featureNames.count)
        for (position, column) in design.activeColumns.enumerated() { coefficients[column] = solution[position + 1] }
        return RidgeRegression(
            featureNames: featureNames, means: design.means, scales: design.scales, coefficients: coefficients,
            intercept: solution[0], constantFeatures: design.constantFeatures)
    }

    /// The fitted value for each row of unstandardised features (same columns as `featureNames`; a row of
    /// another width is a programming error and traps).
    public func predict(_ features: [[Double]]) -> [Double] {
        StandardizedDesign.linearPredictor(
            features, means: means, scales: scales, coefficients: coefficients, intercept: intercept)
    }
}
