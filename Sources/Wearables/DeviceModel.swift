/// The wearable that recorded a user's data.
///
/// `identifier` is what the export says (Apple's hardware id such as `Watch1,1`, or a product name such
/// as `Charge 4`); `generation` is the product generation where the vendor numbers them (Apple Watch
/// first generation = 1), so analyses can stratify old hardware against the rest.
public struct DeviceModel: Hashable, Codable, Sendable {
    public enum Family: String, Codable, Sendable, CaseIterable {
        case appleWatch = "apple_watch"
        case fitbit
        case garmin
        case wearOS = "wear_os"
        case unknown
    }

    public var family: Family
    public var identifier: String
    public var name: String
    public var generation: Int?

    public init(family: Family, identifier: String, name: String, generation: Int?) {
        self.family = family
        self.identifier = identifier
        self.name = name
        self.generation = generation
    }

    /// An Apple Watch from its hardware identifier (`Watch1,1` … `Watch7,5`), as found in the `device`
    /// attribute of Apple Health records (`…, hardware:Watch1,1, …`).
    ///
    /// The major number of the identifier is not the marketing generation (Watch5,x covers Series 5 and
    /// SE); the table below maps the identifiers Apple has shipped, and unknown ones keep a nil generation.
    public static func appleWatch(hardware: String) -> DeviceModel {
        let known: [String: (String, Int)] = [
            "Watch1,1": ("Apple Watch (1st generation) 38mm", 1),
            "Watch1,2": ("Apple Watch (1st generation) 42mm", 1),
            "Watch2,6": ("Apple Watch Series 1 38mm", 2),
            "Watch2,7": ("Apple Watch Series 1 42mm", 2),
            "Watch2,3": ("Apple Watch Series 2 38mm", 3),
            "Watch2,4": ("Apple Watch Series 2 42mm", 3),
            "Watch3,1": ("Apple Watch Series 3 38mm", 4),
            "Watch3,2": ("Apple Watch Series 3 42mm", 4),
            "Watch3,3": ("Apple Watch Series 3 38mm", 4),
            "Watch3,4": ("Apple Watch Series 3 42mm", 4),
            "Watch4,1": ("Apple Watch Series 4 40mm", 5),
            "Watch4,2": ("Apple Watch Series 4 44mm", 5),
            "Watch4,3": ("Apple Watch Series 4 40mm", 5),
            "Watch4,4": ("Apple Watch Series 4 44mm", 5),
            "Watch5,1": ("Apple Watch Series 5 40mm", 6),
            "Watch5,2": ("Apple Watch Series 5 44mm", 6),
            "Watch5,3": ("Apple Watch Series 5 40mm", 6),
            "Watch5,4": ("Apple Watch Series 5 44mm", 6),
            "Watch6,1": ("Apple Watch Series 6 40mm", 7),
            "Watch6,2": ("Apple Watch Series 6 44mm", 7),
            "Watch6,3": ("Apple Watch Series 6 40mm", 7),
            "Watch6,4": ("Apple Watch Series 6 44mm", 7),
            "Watch6,6": ("Apple Watch Series 7 41mm", 8),
            "Watch6,7": ("Apple Watch Series 7 45mm", 8),
        ]
        let entry = known[hardware]
        return DeviceModel(
            family: .appleWatch, identifier: hardware,
            name: entry?.0 ?? "Apple Watch (\(hardware))", generation: entry?.1)
    }

    /// True for the first-generation Apple Watch (`Watch1,1`, `Watch1,2`), whose optical sensor samples
    /// heart rate more sparsely and more noisily than later models.
    public var isFirstGenerationAppleWatch: Bool {
        family == .appleWatch && generation == 1
    }
}

extension DeviceModel {
    /// A device as an uploader names it: an Apple hardware id (`Watch1,1`) gets its table entry; a name
    /// mentioning Fitbit, Garmin or a Wear OS watch gets that family; anything else is kept as given
    /// with an unknown family.
    public static func named(_ text: String) -> DeviceModel {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("Watch"), trimmed.dropFirst(5).split(separator: ",").count == 2,
           trimmed.dropFirst(5).split(separator: ",").allSatisfy({ Int($0) != nil }) {
            return appleWatch(hardware: trimmed)
        }
        let lower = trimmed.lowercased()
        let family: Family =
            lower.contains("fitbit") ? .fitbit
            : lower.contains("garmin") ? .garmin
            : (lower.contains("wear os") || lower.contains("pixel watch") || lower.contains("galaxy watch")) ? .wearOS
            : lower.contains("apple watch") ? .appleWatch : .unknown
        return DeviceModel(family: family, identifier: trimmed, name: trimmed, generation: nil)
    }
}
