import Foundation

/// One element of a named tensor, written `NAME[i,j,k]`, such as `per_step[0,2048,0]`.
public struct TensorElementReference: Equatable, Sendable, CustomStringConvertible {
    public var tensor: String
    public var index: [Int]

    public init(tensor: String, index: [Int]) {
        self.tensor = tensor
        self.index = index
    }

    /// Parses `NAME[i,j,…]`; indices may be negative (counted from the end, as in numpy). Nil when the
    /// text is not of that form.
    public init?(parsing text: String) {
        guard text.hasSuffix("]"), let open = text.lastIndex(of: "[") else { return nil }
        let name = String(text[..<open]).trimmingCharacters(in: .whitespaces)
        let inner = text[text.index(after: open)..<text.index(before: text.endIndex)]
        let parts = inner.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard !name.isEmpty, !parts.isEmpty else { return nil }
        var index: [Int] = []
        for part in parts {
            guard let value = Int(part) else { return nil }
            index.append(value)
        }
        self.init(tensor: name, index: index)
    }

    /// The index with negative entries resolved against `shape`; nil when the rank differs or an index
    /// is out of range.
    public func resolved(in shape: [Int]) -> [Int]? {
        guard index.count == shape.count else { return nil }
        var resolved: [Int] = []
        for (value, size) in zip(index, shape) {
            let position = value < 0 ? value + size : value
            guard (0..<size).contains(position) else { return nil }
            resolved.append(position)
        }
        return resolved
    }

    public var description: String { "\(tensor)[\(index.map(String.init).joined(separator: ","))]" }
}
