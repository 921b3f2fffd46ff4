/// Dead and static units over a data split, one week at a time.
///
/// Memory is O(units) per tensor, whatever the number of weeks: per unit, the count of active positions
/// and the sum of values (Float64), and running moments (Welford, Float64) of the per-week temporal
/// standard deviation and of the per-week mean. A week's temporal standard deviation is computed in two
/// passes over its steps in Float64, so results match a direct computation to Float64 rounding.
public struct UnitScanAccumulator: Sendable {
    public let tensors: [UnitScanTensor]
    public let thresholds: UnitScanThresholds
    public private(set) var weeks = 0
    private var states: [TensorState]

    public init(tensors: [UnitScanTensor], thresholds: UnitScanThresholds = UnitScanThresholds()) {
        self.tensors = tensors
        self.thresholds = thresholds
        self.states = tensors.map { _ in TensorState() }
    }

    /// Adds one week: one matrix per scanned tensor (extra entries are ignored).
    ///
    /// - Throws: `ActivationInputError.missingTensor` or `.unitCountChanged`; the accumulator is
    ///   unchanged when it throws.
    public mutating func add(week: [String: UnitTimeMatrix]) throws {
        let matrices = try tensors.indices.map { index in
            let name = tensors[index].name
            guard let matrix = week[name] else { throw ActivationInputError.missingTensor(name: name, available: Array(week.keys)) }
            if let units = states[index].units, units != matrix.units {
                throw ActivationInputError.unitCountChanged(tensor: name, expected: units, found: matrix.units)
            }
            return matrix
        }
        for index in tensors.indices {
            states[index].add(matrices[index], rule: tensors[index].activity, epsilon: thresholds.activeEpsilon)
        }
        weeks += 1
    }

    /// The per-unit statistics, verdicts and findings of the weeks added so far.
    public func report() -> UnitScanReport {
        var reports = tensors.indices.map { tensorReport(at: $0) }
        let deadLayers = Set(reports.filter { $0.verdicts.contains("dead_layer") }.map(\.name))
        for index in reports.indices {
            let constant = reports[index].units > 0
                && reports[index].deadUnits.count + reports[index].staticUnits.count == reports[index].units
            guard constant, reports[index].upstream.contains(where: deadLayers.contains) else { continue }
            reports[index].verdicts.removeAll { $0 == "static_unit" }
            let at = reports[index].verdicts.firstIndex { $0 == "rarely_active" } ?? reports[index].verdicts.endIndex
            reports[index].verdicts.insert("emits_bias", at: at)
        }
        let findings = reports.flatMap { report in
            report.verdicts.map { UnitFinding.scanFinding(code: $0, tensor: report, among: reports, weeks: weeks, thresholds: thresholds) }
        }
        return UnitScanReport(weeks: weeks, thresholds: thresholds, tensors: reports, findings: findings)
    }

    private func tensorReport(at index: Int) -> TensorUnitReport {
        let tensor = tensors[index]
        let state = states[index]
        let units = state.units ?? 0
        let positions = Double(state.positions)
        var statistics: [UnitStatistics] = []
        var dead: [Int] = [], stationary: [Int] = [], rare: [Int] = []
        for unit in 0..<units {
            let activeFraction = positions > 0 ? Double(state.activeCounts[unit]) / positions : 0
            let mean = positions > 0 ? state.sums[unit] / positions : 0
            let temporalStd = state.temporalStds[unit].mean
            var verdict: String?
            if state.positions > 0 {
                if activeFraction <= thresholds.deadFraction {
                    verdict = "dead_unit"
                    dead.append(unit)
                } else if temporalStd <= thresholds.staticTolerance * (abs(mean) + UnitScanThresholds.staticScaleFloor) {
                    verdict = "static_unit"
                    stationary.append(unit)
                } else if activeFraction <= thresholds.rarelyActiveFraction {
                    verdict = "rarely_active"
                    rare.append(unit)
                }
            }
            statistics.append(UnitStatistics(
                unit: unit, activeFraction: activeFraction, meanTemporalStd: temporalStd,
                acrossWeekStd: state.weekMeans[unit].standardDeviation, mean: mean, verdict: verdict))
        }
        var verdicts: [String] = []
        if units > 0 && dead.count == units {
            verdicts.append("dead_layer")
        } else if !dead.isEmpty {
            verdicts.append("dead_unit")
        }
        if !stationary.isEmpty { verdicts.append("static_unit") }
        if !rare.isEmpty { verdicts.append("rarely_active") }
        return TensorUnitReport(
            name: tensor.name, layout: tensor.layout, activity: tensor.activity, upstream: tensor.upstream, units: units,
            positions: state.positions, deadUnits: dead, staticUnits: stationary, rarelyActiveUnits: rare, verdicts: verdicts,
            unitStatistics: statistics)
    }
}

/// Running sums of one tensor's units.
private struct TensorState: Sendable {
    var units: Int?
    var positions = 0
    var activeCounts: [Int] = []
    var sums: [Double] = []
    var temporalStds: [RunningMoments] = []
    var weekMeans: [RunningMoments] = []

    mutating func add(_ matrix: UnitTimeMatrix, rule: ActivityRule, epsilon: Float) {
        if units == nil {
            units = matrix.units
            activeCounts = Array(repeating: 0, count: matrix.units)
            sums = Array(repeating: 0, count: matrix.units)
            temporalStds = Array(repeating: RunningMoments(), count: matrix.units)
            weekMeans = temporalStds
        }
        guard matrix.steps > 0 else { return }
        positions += matrix.steps
        let steps = Double(matrix.steps)
        for unit in 0..<matrix.units {
            var active = 0
            var sum = 0.0
            for value in matrix.unit(unit) {
                if rule.isActive(value, epsilon: epsilon) { active += 1 }
                sum += Double(value)
            }
            let mean = sum / steps
            var squares = 0.0
            for value in matrix.unit(unit) {
                let deviation = Double(value) - mean
                squares += deviation * deviation
            }
            activeCounts[unit] += active
            sums[unit] += sum
            temporalStds[unit].add((squares / steps).squareRoot())
            weekMeans[unit].add(mean)
        }
    }
}
