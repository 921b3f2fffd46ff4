extension UnitFinding {
    /// The finding for one verdict `code` of `tensor`, with its numbers, likely cause and fix.
    static func scanFinding(code: String, tensor: TensorUnitReport, among tensors: [TensorUnitReport], weeks: Int,
                            thresholds: UnitScanThresholds) -> UnitFinding {
        let name = tensor.name
        let positions = ReportText.grouped(tensor.positions)
        let statistics = tensor.unitStatistics
        let deadLayers = tensors.filter { tensor.upstream.contains($0.name) && $0.verdicts.contains("dead_layer") }.map(\.name)
        let constantInputs = tensors.filter { upstream in
            tensor.upstream.contains(upstream.name) && upstream.units > 0
                && upstream.deadUnits.count + upstream.staticUnits.count == upstream.units
        }.map(\.name)
        let inactive = tensor.activity == .positive
            ? "0 (never above \(ReportText.number(Double(thresholds.activeEpsilon))))"
            : "0 (|x| ≤ \(ReportText.number(Double(thresholds.activeEpsilon))))"
        let everywhere = thresholds.deadFraction > 0
            ? "at all but at most \(ReportText.percent(thresholds.deadFraction)) of \(positions) positions over \(weeks) weeks"
            : "at every one of \(positions) positions over \(weeks) weeks"

        func deadCause() -> (cause: String, fix: String) {
            if !constantInputs.isEmpty {
                let inputs = ReportText.names(constantInputs)
                return ("its input \(inputs) does not change over time, so each unit sees one value everywhere, and that value leaves it inactive",
                        "repair \(inputs) first")
            }
            switch tensor.activity {
            case .positive:
                return ("biases driven negative by a large update (learning-rate spike, large gradient step) or negative bias initialisation",
                        "use LeakyReLU or ELU, lower the learning rate or add warm-up and gradient clipping, initialise biases slightly positive")
            case .nonZero:
                return ("its weights and biases are zero (pruned, driven to zero by weight decay, or not loaded), or its input is 0 everywhere",
                        "check how the weights were trained or loaded and the layer before it")
            }
        }

        switch code {
        case "dead_layer":
            let (cause, fix) = deadCause()
            return UnitFinding(code: code, tensor: name, units: tensor.deadUnits,
                               message: "\(name): all \(tensor.units) units are \(inactive) \(everywhere)", likelyCause: cause, fix: fix)
        case "dead_unit":
            let (cause, fix) = deadCause()
            return UnitFinding(
                code: code, tensor: name, units: tensor.deadUnits,
                message: "\(name): \(tensor.deadUnits.count) of \(tensor.units) units (\(ReportText.units(tensor.deadUnits))) are \(inactive) \(everywhere)",
                likelyCause: cause, fix: fix)
        case "emits_bias":
            let means = statistics.map(\.mean)
            let largestStd = statistics.map(\.meanTemporalStd).max() ?? 0
            let inputs = ReportText.names(deadLayers)
            return UnitFinding(
                code: code, tensor: name, units: Array(0..<tensor.units),
                message: "\(name): all \(tensor.units) units are constant over time (largest mean temporal std \(ReportText.number(largestStd))) "
                    + "while its input \(inputs) is dead; unit means range \(ReportText.number(means.min() ?? 0)) to \(ReportText.number(means.max() ?? 0))",
                likelyCause: "its input layer \(inputs) is dead, so it outputs its bias terms", fix: "repair \(inputs)")
        case "static_unit":
            let units = tensor.staticUnits
            let largestStd = units.map { statistics[$0].meanTemporalStd }.max() ?? 0
            let largestAcross = units.map { statistics[$0].acrossWeekStd }.max() ?? 0
            var message = "\(name): \(units.count) of \(tensor.units) units (\(ReportText.units(units))) do not change over time: "
                + "mean temporal std ≤ \(ReportText.number(thresholds.staticTolerance)) × (|mean| + \(ReportText.number(UnitScanThresholds.staticScaleFloor))), "
                + "largest \(ReportText.number(largestStd)) over \(weeks) weeks"
            if largestAcross > 0 {
                message += "; their level differs across weeks (largest across-week std of the weekly mean \(ReportText.number(largestAcross)))"
            }
            let before = tensor.upstream.isEmpty ? "the layer before it" : "the layer before it (\(ReportText.names(tensor.upstream)))"
            return UnitFinding(code: code, tensor: name, units: units, message: message,
                               likelyCause: "its input does not vary over time (constant input or vanished weights)",
                               fix: "check \(before); reduce weight decay")
        default:  // rarely_active
            let units = tensor.rarelyActiveUnits
            let lowest = units.map { statistics[$0].activeFraction }.min() ?? 0
            let message = "\(name): \(units.count) of \(tensor.units) units (\(ReportText.units(units))) are active at no more than "
                + "\(ReportText.percent(thresholds.rarelyActiveFraction)) of \(positions) positions over \(weeks) weeks (lowest \(ReportText.percent(lowest)))"
            switch tensor.activity {
            case .positive:
                return UnitFinding(code: code, tensor: name, units: units, message: message,
                                   likelyCause: "nearly dead ReLU units: their pre-activation is above 0 only for rare inputs, often after large updates pushed their biases negative",
                                   fix: "as for dead units: LeakyReLU or ELU, a lower learning rate or warm-up, biases initialised slightly positive")
            case .nonZero:
                return UnitFinding(code: code, tensor: name, units: units, message: message,
                                   likelyCause: "the unit is 0 almost everywhere: its input is mostly 0, e.g. after a nearly dead ReLU layer",
                                   fix: "check the layer before it")
            }
        }
    }
}
