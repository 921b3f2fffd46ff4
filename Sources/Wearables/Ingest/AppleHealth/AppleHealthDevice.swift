/// The device behind an Apple Health record, from its `device` attribute (an `HKDevice` description) or,
/// when a record has none, its `sourceName`.
///
/// `device` reads like `<<HKDevice: 0x1c469e230>, name:Apple Watch, manufacturer:Apple, model:Watch,
/// hardware:Watch1,2, software:3.1.3>`. The memory address differs from record to record, so it is
/// stripped: `description` is the fields alone (`name:Apple Watch, …, software:3.1.3`). Fields are
/// split at `, ` followed by a `key:`, so commas inside values (`Watch1,2`, `Apple Inc., …`) survive.
/// A record without `device` is recognised by its source name alone (`Watch` or `iPhone` in it), which
/// misses localised names such as `Часы Apple`.
struct AppleHealthDevice: Sendable, Equatable {
    /// How the export's device is grouped in the summary: the cleaned `device` text or the source name.
    var description: String
    /// The sample source: `name (hardware)` for a device (`Apple Watch (Watch6,7)`), else the source name.
    var source: String
    var priority: Int
    /// The Apple Watch model, when the device is one and names its hardware.
    var watch: DeviceModel?

    init(device text: String, sourceName: String?) {
        var description = text
        if text.hasPrefix("<<HKDevice"), let end = text.range(of: ">, ") {
            description = String(text[end.upperBound...])
            if description.hasSuffix(">") { description.removeLast() }
        }
        let fields = Self.fields(description)
        let name = fields["name"]
        let hardware = fields["hardware"]
        let model = fields["model"]
        self.description = description
        switch (name, hardware) {
        case (let name?, let hardware?): source = "\(name) (\(hardware))"
        case (let name?, nil): source = name
        case (nil, let hardware?): source = hardware
        case (nil, nil): source = sourceName ?? description
        }
        if model == "Watch" || hardware?.hasPrefix("Watch") == true {
            priority = RawSample.wearablePriority
            watch = hardware.map { DeviceModel.appleWatch(hardware: $0) }
        } else if model == "iPhone" || hardware?.hasPrefix("iPhone") == true {
            priority = RawSample.phonePriority
        } else {
            priority = RawSample.otherPriority
        }
    }

    init(sourceName: String) {
        description = sourceName
        source = sourceName
        let lowercased = sourceName.lowercased()
        priority =
            lowercased.contains("watch") ? RawSample.wearablePriority
            : lowercased.contains("iphone") ? RawSample.phonePriority : RawSample.otherPriority
    }

    /// `key:value` fields separated by `, `; a piece that does not start with `key:` continues the value
    /// before it.
    static func fields(_ text: String) -> [String: String] {
        var fields: [(key: String, value: String)] = []
        for piece in text.components(separatedBy: ", ") {
            if let colon = piece.firstIndex(of: ":"), !piece[..<colon].isEmpty,
                piece[..<colon].allSatisfy({ $0.isLetter && $0.isASCII })
            {
                fields.append((String(piece[..<colon]), String(piece[piece.index(after: colon)...])))
            } else if !fields.isEmpty {
                fields[fields.count - 1].value += ", " + piece
            }
        }
        return Dictionary(fields, uniquingKeysWith: { first, _ in first })
    }
}
