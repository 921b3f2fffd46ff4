import ArgumentParser
import Foundation
import Inspection
import NeuralEngine
import ONNXFormat
import Server
import Store
import Wearables

/// `auscult demo`: trains the demo models on the demo cohort and stores them as ONNX with model cards.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Train the demo models (each with a planted failure) on the demo cohort and store them.",
        discussion: """
            Seeds the demo cohort into an empty database, trains every model of DemoModelCatalog on the \
            train split, measures AUROC on the tuning split, exports ONNX (opset 17) and stores each model \
            with its model card in one transaction. Models already stored are skipped unless --replace.
            """)

    @OptionGroup var dataDirectory: DataDirectoryOption

    @Option(help: "Seed of parameter initialisation and minibatch shuffling (default: the catalog's seeds, which plant the failures).")
    var seed: UInt64?

    @Flag(help: "Retrain and replace demo models that are already stored (default: skip them).")
    var replace = false

    @Option(help: "Train only these models (comma-separated names).")
    var only: String?

    func run() async throws {
        let started = Date()
        let database = try dataDirectory.openDatabase()
        if try database.userCount() == 0 {
            let simulator = CohortSimulator()
            announce("Empty database: seeding the demo cohort (\(simulator.userCount) users × \(simulator.weeksPerUser) weeks)…")
            try database.seedDemoCohortIfEmpty(simulator)
        }
        let wanted = only.map { Set($0.split(separator: ",").map(String.init)) }
        let specs = DemoModelCatalog.all(.full, seed: seed).filter { wanted?.contains($0.name) ?? true }
        var datasets: [String: (train: [TrainingExample], tuning: [TrainingExample])] = [:]
        for spec in specs {
            if !replace, try database.model(named: spec.name) != nil {
                announce("\(spec.name): already stored, skipped (--replace retrains it)")
                continue
            }
            if datasets[spec.label] == nil {
                let loadStart = Date()
                let train = try await LabelledWeeks.examples(in: database, split: .train, label: spec.label)
                let tuning = try await LabelledWeeks.examples(in: database, split: .tuning, label: spec.label)
                datasets[spec.label] = (train, tuning)
                announce(String(format: "%@: %d train, %d tuning weeks (loaded in %.1f s)",
                                spec.label, train.count, tuning.count, Date().timeIntervalSince(loadStart)))
            }
            let (train, tuning) = datasets[spec.label]!
            try store(DemoModelTraining.train(spec, train: train, tuning: tuning), in: database)
        }
        announce(String(format: "auscult demo finished in %.1f s", Date().timeIntervalSince(started)))
    }

    private func store(_ trained: DemoModelTraining.Outcome, in database: AppDatabase) throws {
        let model = try ONNXExporter.export(trained.graph, opset: 17, modelName: trained.card.name, docString: trained.card.description)
        let bytes = try ONNXExporter.serializedBytes(model)
        let (record, _) = try database.insertModel(name: trained.card.name, onnx: bytes, card: try trained.card.jsonText(), onConflict: .replace)
        let auroc = trained.card.evaluation?.auroc.map { String(format: "%.3f", $0) } ?? "n/a"
        let evaluation = trained.card.evaluation
        announce(String(format: "%@: stored as model %d (%d bytes); final train loss %.4f, tuning AUROC %@, horizon %d/%d bins (peak %.2g), %.1f s",
                        trained.card.name, record.id ?? 0, bytes.count, trained.card.training?.finalTrainLoss ?? .nan, auroc,
                        evaluation?.horizonLeftBins ?? -1, evaluation?.horizonRightBins ?? -1, evaluation?.horizonPeak ?? .nan,
                        trained.card.training?.seconds ?? 0))
    }
}
