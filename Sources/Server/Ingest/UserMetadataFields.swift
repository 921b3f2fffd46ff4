import Foundation
import Store
import Wearables

/// The metadata fields an uploader may state about a wearer (`birth_year`, `sex`, `device`), read from
/// text (query parameters, CSV cells); a bad value is refused with a reason that names the field.
public enum UserMetadataFields {
    static let names: Set<String> = ["birth_year", "sex", "device"]

    public struct Refusal: Error, CustomStringConvertible {
        public var field: String
        public var reason: String
        public var description: String { reason }
    }

    /// Reads the fields present in `values` (absent or empty ones stay unset).
    public static func read(_ values: [String: String]) throws(Refusal) -> UserMetadataUpdate {
        var update = UserMetadataUpdate()
        if let text = values["birth_year"], !text.isEmpty {
            let thisYear = Calendar(identifier: .gregorian).component(.year, from: Date())
            guard let year = Int(text), (1900...thisYear).contains(year) else {
                throw Refusal(field: "birth_year", reason: "birth_year must be a year from 1900 to \(thisYear), got '\(text)'")
            }
            update.birthYear = year
        }
        if let text = values["sex"], !text.isEmpty {
            guard let sex = Sex(rawValue: text.lowercased()) else {
                throw Refusal(field: "sex", reason: "sex must be female, male or unknown, got '\(text)'")
            }
            update.sex = sex
        }
        if let text = values["device"], !text.isEmpty {
            guard text.count <= 200 else { throw Refusal(field: "device", reason: "device names are at most 200 characters") }
            update.device = DeviceModel.named(text)
        }
        return update
    }

    /// A wearer's external id as an uploader gives it: 1 to 200 characters, no control characters.
    public static func externalID(_ text: String?) -> String? {
        guard let text, !text.isEmpty, text.count <= 200, !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            return nil
        }
        return text
    }
}
