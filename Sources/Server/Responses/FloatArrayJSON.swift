import Foundation
import Synchronization

/// A large `[Float]` in a JSON response, written by hand rather than through `JSONEncoder`, which
/// spends ~0.6 µs per element on Linux (a 256-unit × 512-bin heatmap is 393,216 of them, 230 ms).
///
/// Encoded through `SnakeCaseJSON`, the values go to a side table and a placeholder string takes their
/// place; `SnakeCaseJSON.data()` then splices each array in, formatted with Swift's shortest
/// round-trip representation (non-finite values as the strings `"nan"`, `"inf"`, `"-inf"`, as
/// elsewhere). Encoded by any other encoder, it is a plain array of numbers.
///
/// An array of optionals (`init(optional:)`) writes `null` for nil.
struct FloatArrayJSON: Encodable, Sendable {
    var values: [Float]
    /// True when NaN stands for nil (`init(optional:)`), written as `null`.
    var nanIsNull = false

    init(_ values: [Float]) {
        self.values = values
    }

    /// Values that may be missing; a NaN among them is taken for nil too.
    init(optional values: [Float?]) {
        self.values = values.map { $0 ?? .nan }
        nanIsNull = true
    }

    func encode(to encoder: any Encoder) throws {
        if let table = encoder.userInfo[FloatArrayTable.userInfoKey] as? FloatArrayTable {
            var container = encoder.singleValueContainer()
            try container.encode(FloatArrayTable.placeholder(table.add(self)))
        } else if nanIsNull {
            var container = encoder.unkeyedContainer()
            try container.encode(contentsOf: values.map { $0.isNaN ? nil : $0 })
        } else {
            var container = encoder.unkeyedContainer()
            try container.encode(contentsOf: values)
        }
    }
}

/// The arrays of one encoding, in placeholder order.
final class FloatArrayTable: Sendable {
    static let userInfoKey = CodingUserInfoKey(rawValue: "auscult.floatArrayTable")!
    /// Control characters never occur in names, so the placeholder cannot collide with real text.
    static let marker: Character = "\u{1}"

    private let stored = Mutex<[FloatArrayJSON]>([])

    func add(_ array: FloatArrayJSON) -> Int {
        stored.withLock { arrays in
            arrays.append(array)
            return arrays.count - 1
        }
    }

    static func placeholder(_ index: Int) -> String {
        "\(marker)F\(index)\(marker)"
    }

    /// `json` with each encoded placeholder (`"\u0001F<index>\u0001"`) replaced by its array.
    func splice(into json: Data) -> Data {
        let arrays = stored.withLock { $0 }
        guard !arrays.isEmpty else { return json }
        let bytes = [UInt8](json)
        let opening = Array(#""\u0001F"#.utf8)
        let closing = Array(#"\u0001""#.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + arrays.reduce(0) { $0 + 12 * $1.values.count })
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\""), bytes[index...].starts(with: opening) {
                var cursor = index + opening.count
                var number = 0
                while cursor < bytes.count, let digit = Self.digit(bytes[cursor]) {
                    number = number * 10 + digit
                    cursor += 1
                }
                if bytes[cursor...].starts(with: closing), number < arrays.count {
                    Self.append(arrays[number], to: &output)
                    index = cursor + closing.count
                    continue
                }
            }
            output.append(bytes[index])
            index += 1
        }
        return Data(output)
    }

    private static func digit(_ byte: UInt8) -> Int? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
    }

    private static func append(_ array: FloatArrayJSON, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "["))
        for (position, value) in array.values.enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            if value.isFinite {
                output.append(contentsOf: value.description.utf8)
            } else if value.isNaN, array.nanIsNull {
                output.append(contentsOf: "null".utf8)
            } else {
                output.append(contentsOf: (value.isNaN ? #""nan""# : value > 0 ? #""inf""# : #""-inf""#).utf8)
            }
        }
        output.append(UInt8(ascii: "]"))
    }
}
