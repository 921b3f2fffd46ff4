import ArgumentParser
import Foundation
import Server
import Store

/// `auscult labels FILE.csv`: applies a labels CSV, the same way `POST /api/v1/labels` does.
struct LabelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "labels",
        abstract: "Apply labels and metadata from a CSV (user, optional week_start, birth_year, sex, device, one column per label).",
        discussion: "Rows are validated one by one and applied in one transaction; refused rows are listed with their reasons.")

    @OptionGroup var dataDirectory: DataDirectoryOption

    @Argument(help: "The labels CSV.")
    var file: String

    func run() async throws {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let csv: LabelsCSV
        do {
            csv = try LabelsCSV(text)
        } catch let failure as LabelsCSV.Failure {
            throw ValidationError(failure.description)
        }
        let outcome = try await csv.apply(to: try dataDirectory.openDatabase())
        print("\(outcome.applied) of \(outcome.rows) rows applied (\(outcome.users) users, \(outcome.weekRows) week rows); labels: \(outcome.labels.joined(separator: ", "))")
        for row in outcome.refused {
            print("line \(row.line)\(row.user.map { " (\($0))" } ?? ""): \(row.reason)")
        }
        if !outcome.refused.isEmpty { throw ExitCode(1) }
    }
}
