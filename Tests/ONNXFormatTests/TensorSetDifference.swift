import NeuralEngine

/// The largest elementwise difference between two sets of named tensors, and whether all are bitwise equal.
struct TensorSetDifference: CustomStringConvertible {
    var largest = 0.0
    var bitwiseEqual = true
    var compared = 0
    var problems: [String] = []

    init(_ ours: [String: Tensor], _ theirs: [String: Tensor], names: [String]) {
        for name in names {
            guard let a = ours[name], let b = theirs[name] else {
                problems.append("\(name) missing")
                continue
            }
            guard a.shape == b.shape else {
                problems.append("\(name): shape \(a.shape) vs \(b.shape)")
                continue
            }
            for (x, y) in zip(a.values, b.values) {
                if x.bitPattern != y.bitPattern { bitwiseEqual = false }
                largest = max(largest, abs(Double(x) - Double(y)))
            }
            compared += 1
        }
    }

    var description: String {
        "\(compared) tensors, \(bitwiseEqual ? "bitwise equal" : "largest |diff| \(largest)")"
            + (problems.isEmpty ? "" : ", problems: \(problems)")
    }
}
