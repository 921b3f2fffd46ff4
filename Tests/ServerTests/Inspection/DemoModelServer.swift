import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Inspection
import NeuralEngine
import ONNXFormat
import Store
import Wearables

@testable import Server

/// A server over a simulated cohort (200 users, one week each: the cohort `DemoModelCatalog.Scale.test`
/// is tuned on) holding the four demo models, trained at test scale by the engine and stored as ONNX
/// with their cards, as `auscult demo` stores them. Built once per test process.
struct DemoModelServer: Sendable {
    let database: AppDatabase
    let services: InspectionServices
    let tokens: [TokenScope: String]
    /// Model ids by demo name.
    let modelIDs: [String: Int64]
    /// The trained graphs by demo name, for reference computations.
    let graphs: [String: Graph]
    /// Week ids of the tuning split, in id order.
    let tuningWeekIDs: [Int64]

    static let cohortUsers = 200

    static func shared() async throws -> DemoModelServer {
        try await building.value
    }

    private static let building = Task { try await DemoModelServer.make() }

    static func make() async throws -> DemoModelServer {
        let database = try AppDatabase.inMemory()
        try database.seedDemoCohortIfEmpty(CohortSimulator(seed: 20_261_130, userCount: cohortUsers, weeksPerUser: 1))
        var tokens: [TokenScope: String] = [:]
        for scope in TokenScope.allCases {
            tokens[scope] = try database.createToken(scope: scope).token
        }
        var modelIDs: [String: Int64] = [:]
        var graphs: [String: Graph] = [:]
        var examples: [String: [TrainingExample]] = [:]
        for spec in DemoModelCatalog.all(.test) {
            if examples[spec.label] == nil {
                examples[spec.label] = try await LabelledWeeks.examples(in: database, split: .train, label: spec.label)
            }
            let trainer = Trainer(schedule: spec.schedule, seed: spec.seed)
            let graph = try trainer.train(spec.architecture.makeGraph(seed: spec.seed), on: examples[spec.label]!).graph
            let card = ModelCard(name: spec.name, description: spec.description, architecture: spec.architecture, label: spec.label,
                                 plantedFailure: spec.plantedFailure)
            let bytes = try ONNXExporter.serializedBytes(ONNXExporter.export(graph, opset: 17, modelName: spec.name, docString: spec.description))
            let record = try database.insertModel(name: spec.name, onnx: bytes, card: try card.jsonText()).record
            modelIDs[spec.name] = record.id!
            graphs[spec.name] = graph
        }
        // Functional tests share these tokens; the rate limit has tests of its own.
        var limits = InspectionServices.Limits()
        limits.expensiveRequestsPerMinute = 1_000_000
        limits.expensiveRequestBurst = 1_000_000
        let services = InspectionServices(database: database, limits: limits)
        let tuning = try await services.weekIDs(split: .tuning)
        return DemoModelServer(
            database: database, services: services, tokens: tokens, modelIDs: modelIDs, graphs: graphs, tuningWeekIDs: tuning)
    }

    var application: some ApplicationProtocol {
        get throws { Application(router: try buildRouter(services: services, publicDirectory: TestServer.publicDirectory)) }
    }

    func headers(_ scope: TokenScope? = .read) -> HTTPFields {
        guard let scope, let token = tokens[scope] else { return [:] }
        return [.authorization: "Bearer \(token)"]
    }

    func id(_ name: String) -> Int64 { modelIDs[name]! }

    /// The engine's own forward run of a stored week through a demo model's trained graph.
    func referenceExecution(_ name: String, weekID: Int64) async throws -> Execution {
        let (_, week) = try await services.encodedWeek(id: weekID)
        let feeds = TrainingExample.feeds([TrainingExample(series: week.series, metadata: week.metadata, target: 0)])
        return try GraphExecutor(graph: graphs[name]!).run(feeds)
    }
}
