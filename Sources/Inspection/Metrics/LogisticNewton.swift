import Foundation

/// One damped Newton step at a time for `LogisticRegression`: parameters are [b, w₁, …, w_q] over the
/// non-constant standardised columns of `design`.
struct LogisticNewton {
    let design: StandardizedDesign
    let labels: [Double]
    let l2: Double

    /// e^η / (1 + e^η) without overflow for large |η|.
    static func sigmoid(_ eta: Double) -> Double {
        eta >= 0 ? 1 / (1 + exp(-eta)) : exp(eta) / (1 + exp(eta))
    }

    /// log(1 + e^η) without overflow.
    private static func softplus(_ eta: Double) -> Double {
        eta > 0 ? eta + log1p(exp(-eta)) : log1p(exp(eta))
    }

    private func linearPredictor(_ parameters: [Double]) -> [Double] {
        let width = design.activeColumns.count
        return (0..<design.rowCount).map { row in
            var eta = parameters[0]
            for column in 0..<width { eta += parameters[column + 1] * design.matrix[row * width + column] }
            return eta
        }
    }

    /// Σ [log(1 + e^η) − y η] + (l2 / 2) ‖w‖².
    func objective(_ parameters: [Double]) -> Double {
        let eta = linearPredictor(parameters)
        var value = 0.0
        for row in 0..<design.rowCount { value += Self.softplus(eta[row]) - labels[row] * eta[row] }
        for weight in parameters.dropFirst() { value += l2 / 2 * weight * weight }
        return value
    }

    /// The parameters after one Newton step (step halved up to 40 times while the objective increases) and
    /// the largest absolute change; nil when the Hessian is singular.
    func step(from parameters: [Double]) -> (parameters: [Double], largestChange: Double)? {
        let width = design.activeColumns.count
        let dimension = width + 1
        let eta = linearPredictor(parameters)
        var gradient = [Double](repeating: 0, count: dimension)
        var hessian = [Double](repeating: 0, count: dimension * dimension)  // lower triangle filled
        var augmented = [Double](repeating: 1, count: dimension)  // (1, z_i)
        for row in 0..<design.rowCount {
            for column in 0..<width { augmented[column + 1] = design.matrix[row * width + column] }
            let probability = Self.sigmoid(eta[row])
            let residual = probability - labels[row]
            let weight = probability * (1 - probability)
            for i in 0..<dimension {
                gradient[i] += residual * augmented[i]
                let scaled = weight * augmented[i]
                for j in 0...i { hessian[i * dimension + j] += scaled * augmented[j] }
            }
        }
        for i in 1..<dimension {
            gradient[i] += l2 * parameters[i]
            hessian[i * dimension + i] += l2
        }
        guard let factorization = CholeskyFactorization(matrix: hessian, dimension: dimension) else { return nil }
        let direction = factorization.solve(gradient)
        let start = objective(parameters)
        var fraction = 1.0
        var candidate = parameters
        for _ in 0..<40 {
            candidate = zip(parameters, direction).map { $0 - fraction * $1 }
            if objective(candidate) <= start { break }
            fraction /= 2
        }
        let largestChange = direction.map { abs(fraction * $0) }.max() ?? 0
        return (candidate, largestChange)
    }
}
