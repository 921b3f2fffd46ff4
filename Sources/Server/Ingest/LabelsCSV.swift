import Foundation
import Store
import Wearables

/// A labels CSV: a header naming `user`, optionally `week_start` (the Monday of a week, for labels that
/// hold for that week only), the metadata fields `birth_year`, `sex`, `device`, and one column per label
/// (a name of lowercase letters, digits and `_`; values are numbers, 0/1 for binary outcomes). An empty
/// cell leaves that field as it is. Fields are separated by commas; a field may be wrapped in double
/// quotes, but cannot hold a comma.
public struct LabelsCSV: Sendable {
    public struct Row: Sendable, Equatable {
        /// 1-based line number in the file.
        public var line: Int
        public var assignment: LabelAssignment
    }

    public struct RefusedRow: Encodable, Sendable, Equatable {
        public var line: Int
        public var user: String?
        public var reason: String
    }

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case invalidHeader(String)

        public var description: String {
            switch self {
            case .invalidHeader(let reason): "the labels CSV header is not usable: \(reason)"
            }
        }
    }

    public var rows: [Row] = []
    public var refused: [RefusedRow] = []
    public var labelNames: [String] = []

    /// Reads `text`; a bad header throws, a bad row is refused with its reason and the others kept.
    public init(_ text: String) throws {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated().makeIterator()
        guard let (_, headerLine) = lines.next() else { throw Failure.invalidHeader("the file is empty") }
        let header = Self.fields(headerLine).map { $0.lowercased() }
        guard let userColumn = header.firstIndex(of: "user") else {
            throw Failure.invalidHeader("no 'user' column; found \(header.joined(separator: ", "))")
        }
        if let duplicate = Dictionary(grouping: header, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw Failure.invalidHeader("the column '\(duplicate)' appears twice")
        }
        let weekColumn = header.firstIndex(of: "week_start")
        let labelColumns = header.indices.filter { $0 != userColumn && $0 != weekColumn && !UserMetadataFields.names.contains(header[$0]) }
        for column in labelColumns where !Self.isLabelName(header[column]) {
            throw Failure.invalidHeader("'\(header[column])' is not a label name (lowercase letters, digits and _, at most 64)")
        }
        labelNames = labelColumns.map { header[$0] }
        while let (index, line) = lines.next() {
            if line.allSatisfy(\.isWhitespace) { continue }
            let fields = Self.fields(line)
            let user = fields.indices.contains(userColumn) ? fields[userColumn] : ""
            do {
                rows.append(Row(line: index + 1, assignment: try Self.assignment(
                    fields, header: header, user: user, weekColumn: weekColumn, labelColumns: labelColumns)))
            } catch {
                refused.append(RefusedRow(line: index + 1, user: user.isEmpty ? nil : user, reason: error.description))
            }
        }
    }

    struct RowRefusal: Error, CustomStringConvertible {
        var description: String
    }

    private static func assignment(
        _ fields: [String], header: [String], user: String, weekColumn: Int?, labelColumns: [Int]
    ) throws(RowRefusal) -> LabelAssignment {
        guard fields.count <= header.count else { throw RowRefusal(description: "\(fields.count) fields where the header names \(header.count)") }
        guard let externalID = UserMetadataFields.externalID(user) else { throw RowRefusal(description: "no user id") }
        var weekStart: LocalDate?
        if let weekColumn, fields.indices.contains(weekColumn), !fields[weekColumn].isEmpty {
            guard let date = LocalDate(iso: Substring(fields[weekColumn])), date.isMonday else {
                throw RowRefusal(description: "week_start must be the Monday a week starts on (YYYY-MM-DD), got '\(fields[weekColumn])'")
            }
            weekStart = date
        }
        var labels: [String: Double] = [:]
        for column in labelColumns where fields.indices.contains(column) && !fields[column].isEmpty {
            guard let value = Double(fields[column]), value.isFinite else {
                throw RowRefusal(description: "label \(header[column]) must be a number, got '\(fields[column])'")
            }
            labels[header[column]] = value
        }
        var metadataValues: [String: String] = [:]
        for (column, name) in header.enumerated() where UserMetadataFields.names.contains(name) && fields.indices.contains(column) {
            metadataValues[name] = fields[column]
        }
        let metadata: UserMetadataUpdate
        do {
            metadata = try UserMetadataFields.read(metadataValues)
        } catch {
            throw RowRefusal(description: error.reason)
        }
        guard !labels.isEmpty || !metadata.isEmpty else { throw RowRefusal(description: "the row gives no label and no metadata") }
        return LabelAssignment(externalID: externalID, weekStart: weekStart, labels: labels, metadata: metadata)
    }

    static func isLabelName(_ name: String) -> Bool {
        (1...64).contains(name.count) && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    static func fields(_ line: Substring) -> [String] {
        line.split(separator: ",", omittingEmptySubsequences: false).map { field in
            var text = field.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = String(text.dropFirst().dropLast()) }
            return text
        }
    }

    /// Applies the readable rows in one transaction; the answer lists every refused row, read or applied.
    public func apply(to database: AppDatabase) async throws -> LabelsOutcome {
        let refusals = try await database.applyLabels(rows.map(\.assignment))
        var refusedRows = refused
        for (index, refusal) in refusals {
            refusedRows.append(RefusedRow(line: rows[index].line, user: rows[index].assignment.externalID, reason: refusal.description))
        }
        let refusedIndices = Set(refusals.map(\.index))
        let applied = rows.indices.filter { !refusedIndices.contains($0) }.map { rows[$0].assignment }
        return LabelsOutcome(
            rows: rows.count + refused.count, applied: applied.count, refused: refusedRows.sorted { $0.line < $1.line },
            labels: labelNames, users: Set(applied.map(\.externalID)).count, weekRows: applied.filter { $0.weekStart != nil }.count)
    }
}

/// What applying a labels CSV did.
public struct LabelsOutcome: Encodable, Sendable, Equatable {
    public var rows: Int
    public var applied: Int
    public var refused: [LabelsCSV.RefusedRow]
    public var labels: [String]
    public var users: Int
    public var weekRows: Int
}
