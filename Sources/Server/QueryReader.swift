import Hummingbird
import HummingbirdCore
import Store
import Wearables

/// Reads and validates query parameters, answering 400 with the parameter's name on bad input.
struct QueryReader {
    let parameters: FlatDictionary<Substring, Substring>

    init(_ request: Request) {
        self.parameters = request.uri.queryParameters
    }

    func string(_ name: String) -> String? {
        parameters[Substring(name)].map(String.init)
    }

    func integer(_ name: String, default defaultValue: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = string(name) else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw APIError.invalidParameter(
                name, "'\(name)' must be an integer from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
        }
        return value
    }

    func double(_ name: String, range: ClosedRange<Double>) throws -> Double? {
        guard let text = string(name) else { return nil }
        guard let value = Double(text), range.contains(value) else {
            throw APIError.invalidParameter(
                name, "'\(name)' must be a number from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
        }
        return value
    }

    func choice<T: RawRepresentable & CaseIterable>(_ name: String, as type: T.Type) throws -> T?
    where T.RawValue == String {
        guard let text = string(name) else { return nil }
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw APIError.invalidParameter(name, "'\(name)' must be one of \(allowed); got '\(text)'")
        }
        return value
    }

    /// `limit` (1 … 1000, default 50) and `offset` (≥ 0, default 0).
    func page() throws -> PageRequest {
        PageRequest(
            limit: try integer("limit", default: 50, range: 1...PageRequest.maximumLimit),
            offset: try integer("offset", default: 0, range: 0...Int(Int32.max)))
    }

    /// `format`: `json` (default) or `csv`.
    func wantsCSV() throws -> Bool {
        switch string("format") {
        case nil, "json": false
        case "csv": true
        case let other?:
            throw APIError.invalidParameter("format", "'format' must be json or csv; got '\(other)'")
        }
    }

    /// The cohort filters shared by user and week listings:
    /// `split`, `device` (identifier or family), `generation`, `source`, `label` (repeatable: `NAME` for a
    /// positive label, `NAME:VALUE` for an exact value), and for weeks `user` and `min_coverage`.
    func cohortFilter(forWeeks: Bool) throws -> CohortFilter {
        var filter = CohortFilter()
        filter.split = try choice("split", as: CohortSplit.self)
        filter.device = string("device")
        if string("generation") != nil {
            filter.deviceGeneration = try integer("generation", default: 0, range: 0...1000)
        }
        filter.source = try choice("source", as: DataSource.self)
        for text in parameters[values: "label"] {
            filter.labels.append(try Self.labelCondition(String(text)))
        }
        if forWeeks {
            if let text = string("user") {
                guard let id = Int64(text), id > 0 else {
                    throw APIError.invalidParameter("user", "'user' must be a numeric user id; got '\(text)'")
                }
                filter.userID = id
            }
            filter.minimumCoverage = try double("min_coverage", range: 0...1)
        }
        return filter
    }

    static func labelCondition(_ text: String) throws -> CohortFilter.LabelCondition {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(parts[0])
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw APIError.invalidParameter("label", "'label' must be NAME or NAME:VALUE with NAME of letters, digits and _; got '\(text)'")
        }
        guard parts.count == 2 else { return .init(name: name) }
        guard let value = Double(parts[1]) else {
            throw APIError.invalidParameter("label", "the value in 'label=\(text)' is not a number")
        }
        return .init(name: name, value: value)
    }
}

/// A path parameter that must be a positive integer id.
func requireID(_ name: String, in context: AppRequestContext) throws -> Int64 {
    let text = context.parameters.get(name) ?? ""
    guard let id = Int64(text), id > 0 else {
        throw APIError.invalidParameter(name, "'\(name)' must be a positive integer id; got '\(text)'")
    }
    return id
}
