import NeuralEngine

/// One week's activations of one tensor as a units × steps matrix, whatever the tensor's layout.
///
/// `values` is unit-major: `values[unit * steps + step]`, so each unit's time series is contiguous.
public struct UnitTimeMatrix: Sendable, Equatable {
    public var units: Int
    public var steps: Int
    /// `units × steps` values, unit-major.
    public var values: [Float]

    public init(units: Int, steps: Int, values: [Float]) {
        precondition(units >= 0 && steps >= 0 && values.count == units * steps,
                     "UnitTimeMatrix: \(values.count) values for \(units) units × \(steps) steps")
        self.units = units
        self.steps = steps
        self.values = values
    }

    /// Row `batchRow` of a rank-3 tensor in `layout`; `name` only labels errors.
    ///
    /// - Throws: `ActivationInputError.notRank3` or `.batchRowOutOfRange`.
    public init(tensor: Tensor, batchRow: Int, layout: TimeAxisLayout, name: String? = nil) throws {
        guard tensor.rank == 3 else { throw ActivationInputError.notRank3(tensor: name, shape: tensor.shape) }
        let batch = tensor.shape[0]
        guard (0..<batch).contains(batchRow) else {
            throw ActivationInputError.batchRowOutOfRange(tensor: name, row: batchRow, batch: batch)
        }
        switch layout {
        case .nct:  // (N, C, T): the row is already unit-major
            let (units, steps) = (tensor.shape[1], tensor.shape[2])
            let start = batchRow * units * steps
            self.init(units: units, steps: steps, values: Array(tensor.values[start..<(start + units * steps)]))
        case .ntc:  // (N, T, C): transpose the row
            let (steps, units) = (tensor.shape[1], tensor.shape[2])
            let start = batchRow * steps * units
            var values = [Float](repeating: 0, count: units * steps)
            for step in 0..<steps {
                for unit in 0..<units {
                    values[unit * steps + step] = tensor.values[start + step * units + unit]
                }
            }
            self.init(units: units, steps: steps, values: values)
        }
    }

    /// The time series of unit `u` (`steps` values).
    public func unit(_ u: Int) -> ArraySlice<Float> {
        values[(u * steps)..<((u + 1) * steps)]
    }

    /// Row `batchRow` of each named tensor of an execution, as one week for `UnitScanAccumulator.add` or
    /// `SemanticUnitAccumulator.add`.
    ///
    /// - Throws: `ActivationInputError.missingTensor` when `values` lacks a name of `layouts`, or the
    ///   errors of `init(tensor:batchRow:layout:name:)`.
    public static func week(of values: [String: Tensor], batchRow: Int, layouts: [String: TimeAxisLayout]) throws -> [String: UnitTimeMatrix] {
        var week: [String: UnitTimeMatrix] = [:]
        for (name, layout) in layouts {
            guard let tensor = values[name] else {
                throw ActivationInputError.missingTensor(name: name, available: Array(values.keys))
            }
            week[name] = try UnitTimeMatrix(tensor: tensor, batchRow: batchRow, layout: layout, name: name)
        }
        return week
    }
}
