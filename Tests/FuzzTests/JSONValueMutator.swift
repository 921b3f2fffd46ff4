import Foundation

/// Mutates a JSON document as JSON: one value somewhere in it replaced by a hostile one (overflowing,
/// negative or fractional numbers, numbers as strings, impossible dates, deep nesting, the wrong type),
/// a key removed, or an array element repeated; so that most mutants still parse and reach the reader.
enum JSONValueMutator {
    static var hostileValues: [Any] { [
        0, -1, 1e308, -1e308, 1e-300, 9_223_372_036_854_775_807 as Int64, Int64.min, 18_446_744_073_709_551_615 as UInt64, 0.5,
        "1e309", "-9223372036854775808", "99999999999999999999", "NaN", "", "12/31/99 23:59:59", "02/30/26 25:61:61",
        "00/00/00 00:00:00", "99/99/-99999999999 99:99:99", "01/01/70 00:00:00", NSNull(), true, [Any](), [String: Any](),
        [[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]], ["bpm": 1e308], ["intVal": -5], ["fpVal": "60"],
    ] }

    static func mutate(_ bytes: [UInt8], _ random: inout FuzzRandom) -> [UInt8]? {
        guard var document = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) else { return nil }
        for _ in 0..<random.smallCount(upTo: 4) {
            document = mutate(document, depth: 0, &random)
        }
        guard JSONSerialization.isValidJSONObject(document) || document is NSNull,
              let data = try? JSONSerialization.data(withJSONObject: document, options: [.fragmentsAllowed])
        else { return nil }
        return [UInt8](data)
    }

    /// `value` with one of its leaves (or itself) changed, walking down a random path.
    private static func mutate(_ value: Any, depth: Int, _ random: inout FuzzRandom) -> Any {
        let stop = random.chance(1, in: 4 + depth)
        if var array = value as? [Any], !array.isEmpty, !stop || depth == 0 {
            let index = random.below(array.count)
            switch random.below(8) {
            case 0: array.insert(array[index], at: random.below(array.count + 1))
            case 1: array.remove(at: index)
            default: array[index] = mutate(array[index], depth: depth + 1, &random)
            }
            return array
        }
        if var object = value as? [String: Any], !object.isEmpty, !stop || depth == 0 {
            let key = object.keys.sorted()[random.below(object.count)]
            if random.chance(1, in: 8) {
                object[key] = nil
            } else {
                object[key] = mutate(object[key] as Any, depth: depth + 1, &random)
            }
            return object
        }
        return random.element(of: hostileValues)
    }
}
