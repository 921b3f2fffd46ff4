/// Units that track a context (`asleep`, `workout`), ranked by how well their activation separates
/// the positions inside the context from the rest, over a data split.
///
/// A time step is inside the context when at least half of the input bins it covers are in the week's
/// mask; step `s` of `steps` covers bins `[s·bins/steps, (s+1)·bins/steps)` (floor boundaries, as
/// `ActivationHeatmap`), `bins` being the mask's length (4,096). Every unit's values are kept (Float32,
/// one per position), so memory is units × weeks × steps floats: the ranking needs them all.
public struct SemanticUnitAccumulator: Sendable {
    public let context: String
    public let tensors: [(name: String, layout: TimeAxisLayout)]
    public private(set) var weeks = 0
    private var units: [Int?]
    /// Per tensor, per unit: the activation at every position seen, week after week.
    private var values: [[[Float]]]
    /// Per tensor: whether each position is inside the context.
    private var inside: [[Bool]]

    public init(context: String, tensors: [(name: String, layout: TimeAxisLayout)]) {
        self.context = context
        self.tensors = tensors
        units = tensors.map { _ in nil }
        values = tensors.map { _ in [] }
        inside = tensors.map { _ in [] }
    }

    /// Adds one week: one matrix per tensor and the week's context mask, one entry per input bin.
    ///
    /// - Throws: `ActivationInputError.missingTensor`, `.unitCountChanged` or `.maskTooShort`; the
    ///   accumulator is unchanged when it throws.
    public mutating func add(week: [String: UnitTimeMatrix], mask: [Bool]) throws {
        let matrices = try tensors.indices.map { index in
            let name = tensors[index].name
            guard let matrix = week[name] else { throw ActivationInputError.missingTensor(name: name, available: Array(week.keys)) }
            if let units = units[index], units != matrix.units {
                throw ActivationInputError.unitCountChanged(tensor: name, expected: units, found: matrix.units)
            }
            guard mask.count >= matrix.steps else {
                throw ActivationInputError.maskTooShort(tensor: name, maskLength: mask.count, steps: matrix.steps)
            }
            return matrix
        }
        for (index, matrix) in matrices.enumerated() {
            if units[index] == nil {
                units[index] = matrix.units
                values[index] = Array(repeating: [], count: matrix.units)
            }
            for unit in 0..<matrix.units { values[index][unit] += matrix.unit(unit) }
            inside[index] += Self.stepMask(mask, steps: matrix.steps)
        }
        weeks += 1
    }

    /// Whether each of `steps` steps is inside the context: at least half of its bins are in `mask`.
    static func stepMask(_ mask: [Bool], steps: Int) -> [Bool] {
        (0..<steps).map { step in
            let bins = (step * mask.count / steps)..<((step + 1) * mask.count / steps)
            let count = mask[bins].reduce(0) { $0 + ($1 ? 1 : 0) }
            return 2 * count >= bins.count
        }
    }

    /// Every unit's separation of the context, ranked; `top` keeps only the first `top` units (nil: all).
    public func report(top: Int? = nil) -> SemanticUnitReport {
        var ranked: [(tensor: Int, unit: SemanticUnit)] = []
        var summaries: [SemanticTensorSummary] = []
        for (index, tensor) in tensors.enumerated() {
            let mask = inside[index]
            let scored = values[index].enumerated().map { unit, series in
                Self.score(series, inside: mask, tensor: tensor.name, unit: unit)
            }
            ranked += scored.map { (index, $0) }
            let best = scored.max { $0.separation < $1.separation || ($0.separation == $1.separation && $0.unit > $1.unit) }
            let positionsInside = mask.reduce(0) { $0 + ($1 ? 1 : 0) }
            summaries.append(SemanticTensorSummary(
                name: tensor.name, layout: tensor.layout, units: units[index] ?? 0, positionsInside: positionsInside,
                positionsOutside: mask.count - positionsInside, bestUnit: best?.unit, bestAUROC: best?.auroc,
                meanSeparation: scored.isEmpty ? 0 : scored.reduce(0) { $0 + $1.separation } / Double(scored.count)))
        }
        ranked.sort { a, b in
            if a.unit.separation != b.unit.separation { return a.unit.separation > b.unit.separation }
            return a.tensor != b.tensor ? a.tensor < b.tensor : a.unit.unit < b.unit.unit
        }
        let kept = top.map { ranked.prefix(max(0, $0)) } ?? ranked[...]
        return SemanticUnitReport(
            context: context, weeks: weeks, positionsInside: summaries.first?.positionsInside ?? 0,
            positionsOutside: summaries.first?.positionsOutside ?? 0, units: kept.map(\.unit), tensors: summaries)
    }

    /// AUROC, direction, point-biserial correlation and class means of one unit; moments in Float64.
    static func score(_ series: [Float], inside: [Bool], tensor: String, unit: Int) -> SemanticUnit {
        var count = (inside: 0, outside: 0)
        var sum = (inside: 0.0, outside: 0.0)
        for (value, isInside) in zip(series, inside) {
            if isInside {
                count.inside += 1
                sum.inside += Double(value)
            } else {
                count.outside += 1
                sum.outside += Double(value)
            }
        }
        let meanInside = count.inside > 0 ? sum.inside / Double(count.inside) : 0
        let meanOutside = count.outside > 0 ? sum.outside / Double(count.outside) : 0
        let constant = series.allSatisfy { $0 == series.first }
        guard !constant, count.inside > 0, count.outside > 0 else {
            return SemanticUnit(tensor: tensor, unit: unit, auroc: 0.5, direction: "none", separation: 0, pointBiserial: 0,
                                meanInside: meanInside, meanOutside: meanOutside)
        }
        let auroc = BinaryClassificationMetrics.auroc(scores: series, inside: inside) ?? 0.5
        let n = Double(series.count)
        let mean = (sum.inside + sum.outside) / n
        let variance = series.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / n
        let p = Double(count.inside) / n
        let pointBiserial = variance > 0 ? (meanInside - meanOutside) * (p * (1 - p)).squareRoot() / variance.squareRoot() : 0
        return SemanticUnit(
            tensor: tensor, unit: unit, auroc: auroc,
            direction: auroc > 0.5 ? "higher_in_context" : auroc < 0.5 ? "lower_in_context" : "none",
            separation: abs(auroc - 0.5) * 2, pointBiserial: pointBiserial, meanInside: meanInside, meanOutside: meanOutside)
    }
}
