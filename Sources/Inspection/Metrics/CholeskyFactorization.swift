/// The Cholesky factor L (A = L Lᵀ) of a small symmetric positive-definite matrix, and solves with it.
/// Used for the normal equations and Newton steps of the linear models (a few hundred unknowns at most:
/// O(d³/3) to factor, O(d²) to solve).
struct CholeskyFactorization {
    let dimension: Int
    /// Row-major (dimension, dimension); only the lower triangle is meaningful.
    private var lower: [Double]

    /// Factors `matrix` (row-major (dimension, dimension), only the lower triangle is read). nil when a
    /// pivot is not positive or falls below 1e-13 of the largest diagonal entry, i.e. the matrix is
    /// singular or too close to it for the solution to mean anything.
    init?(matrix: [Double], dimension: Int) {
        precondition(matrix.count == dimension * dimension, "matrix is not dimension × dimension")
        self.dimension = dimension
        lower = matrix
        let largestDiagonal = (0..<dimension).map { matrix[$0 * dimension + $0] }.max() ?? 0
        let smallestPivot = 1e-13 * largestDiagonal
        for column in 0..<dimension {
            var pivot = lower[column * dimension + column]
            for k in 0..<column { pivot -= lower[column * dimension + k] * lower[column * dimension + k] }
            guard pivot.isFinite, pivot > smallestPivot else { return nil }
            let diagonal = pivot.squareRoot()
            lower[column * dimension + column] = diagonal
            for row in (column + 1)..<max(column + 1, dimension) {
                var value = lower[row * dimension + column]
                for k in 0..<column { value -= lower[row * dimension + k] * lower[column * dimension + k] }
                lower[row * dimension + column] = value / diagonal
            }
        }
    }

    /// x with A x = b, by forward substitution (L y = b) then back substitution (Lᵀ x = y).
    func solve(_ b: [Double]) -> [Double] {
        precondition(b.count == dimension, "right-hand side has \(b.count) entries, expected \(dimension)")
        var x = b
        for row in 0..<dimension {
            var value = x[row]
            for k in 0..<row { value -= lower[row * dimension + k] * x[k] }
            x[row] = value / lower[row * dimension + row]
        }
        for row in stride(from: dimension - 1, through: 0, by: -1) {
            var value = x[row]
            for k in (row + 1)..<max(row + 1, dimension) { value -= lower[k * dimension + row] * x[k] }
            x[row] = value / lower[row * dimension + row]
        }
        return x
    }
}
