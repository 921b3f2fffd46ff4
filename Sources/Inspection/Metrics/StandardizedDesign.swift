/// Validated features of a linear model, standardised per column as `sklearn.preprocessing.StandardScaler`:
/// z = (x − mean) / scale with the population standard deviation as scale. A constant column (every value
/// equal) gets scale 1, is listed in `constantFeatures`, and is left out of `matrix`; its coefficient is 0.
struct StandardizedDesign {
    let means: [Double]
    let scales: [Double]
    let constantFeatures: [String]
    /// Indices of the non-constant columns, the columns of `matrix`.
    let activeColumns: [Int]
    let rowCount: Int
    /// The standardised non-constant columns, row-major (rowCount, activeColumns.count).
    let matrix: [Double]

    /// Checks shapes and finiteness (throwing `LinearModelError`) and standardises.
    init(features: [[Double]], labels: [Double], featureNames: [String]) throws {
        guard let width = features.first?.count else { throw LinearModelError.noRows }
        guard featureNames.count == width else {
            throw LinearModelError.featureNameCount(names: featureNames.count, columns: width)
        }
        guard labels.count == features.count else {
            throw LinearModelError.labelCount(labels: labels.count, rows: features.count)
        }
        for (row, values) in features.enumerated() {
            guard values.count == width else {
                throw LinearModelError.raggedRow(row: row, count: values.count, expected: width)
            }
            if let column = values.firstIndex(where: { !$0.isFinite }) {
                throw LinearModelError.notFinite(row: row, feature: featureNames[column], value: values[column])
            }
            guard labels[row].isFinite else { throw LinearModelError.notFiniteLabel(row: row, value: labels[row]) }
        }
        let n = Double(features.count)
        var means = [Double](repeating: 0, count: width)
        var scales = [Double](repeating: 1, count: width)
        var active: [Int] = []
        var constant: [String] = []
        for column in 0..<width {
            let first = features[0][column]
            let mean = features.reduce(0) { $0 + $1[column] } / n
            means[column] = mean
            guard features.contains(where: { $0[column] != first }) else {
                constant.append(featureNames[column])
                continue
            }
            let variance = features.reduce(0) { $0 + ($1[column] - mean) * ($1[column] - mean) } / n
            scales[column] = variance.squareRoot()
            active.append(column)
        }
        var matrix = [Double](repeating: 0, count: features.count * active.count)
        for (row, values) in features.enumerated() {
            for (position, column) in active.enumerated() {
                matrix[row * active.count + position] = (values[column] - means[column]) / scales[column]
            }
        }
        self.means = means
        self.scales = scales
        self.constantFeatures = constant
        self.activeColumns = active
        self.rowCount = features.count
        self.matrix = matrix
    }

    /// intercept + Σⱼ coefficients[j] · (row[j] − means[j]) / scales[j] for each row of the original
    /// (unstandardised) features, whose width must equal `means.count`.
    static func linearPredictor(
        _ features: [[Double]], means: [Double], scales: [Double], coefficients: [Double], intercept: Double
    ) -> [Double] {
        features.map { row in
            precondition(row.count == means.count, "row has \(row.count) features; the model has \(means.count)")
            var value = intercept
            for column in row.indices where coefficients[column] != 0 {
                value += coefficients[column] * (row[column] - means[column]) / scales[column]
            }
            return value
        }
    }
}
