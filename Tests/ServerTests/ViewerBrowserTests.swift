import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Server

/// The viewer in a real browser: headless Chromium loads it from a live server holding the demo models,
/// runs its scripts against the API, and hands back the DOM, whose canvases record what they drew.
@Suite(.serialized)
struct ViewerBrowserTests {
    static let chromiumCandidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]

    /// The DOM of `url` after its scripts have run and the network is idle (Chromium's virtual time).
    static func renderedDOM(_ url: String) async throws -> String {
        let chromium = try #require(
            chromiumCandidates.first { FileManager.default.isExecutableFile(atPath: $0) },
            "the viewer tests need Chromium (`make test` installs it)")
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("auscult-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--user-data-dir=\(profile.path)", "--virtual-time-budget=30000", "--dump-dom", url,
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = try await Task.detached { try output.fileHandleForReading.readToEnd() ?? Data() }.value
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// The value of `attribute` on the element with `id`, from serialized HTML.
    static func attribute(_ attribute: String, ofElement id: String, in dom: String) -> String? {
        guard let start = dom.range(of: "id=\"\(id)\"") else { return nil }
        let tagStart = dom[..<start.lowerBound].lastIndex(of: "<") ?? start.lowerBound
        guard let tagEnd = dom[start.upperBound...].firstIndex(of: ">") else { return nil }
        let tag = dom[tagStart..<tagEnd]
        guard let value = tag.range(of: "\(attribute)=\"") else { return tag.contains(" \(attribute)") ? "" : nil }
        return String(tag[value.upperBound...].prefix { $0 != "\"" })
    }

    static func liveApplication(_ server: DemoModelServer) throws -> some ApplicationProtocol {
        Application(
            router: try buildRouter(services: server.services, publicDirectory: TestServer.publicDirectory),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    @Test func aLinkedWeekShowsItsTracesHeatmapsOfTwoModelsSideBySideAndTheGradient() async throws {
        let server = try await DemoModelServer.shared()
        let weekID = server.tuningWeekIDs[0]
        let userID = try await server.database.week(id: weekID).summary.userID
        let relu = server.id("deepheart-relu")
        let leaky = server.id("deepheart-leaky")
        let token = try #require(server.tokens[.read])
        let detail = try await server.services.registry.model(id: relu)
        try await Self.liveApplication(server).test(.live) { client in
            let port = try #require(client.port)
            let dom = try await Self.renderedDOM(
                "http://127.0.0.1:\(port)/?token=\(token)#user=\(userID)&week=\(weekID)&model=\(relu)&compare=\(leaky)")
            #expect(Self.attribute("hidden", ofElement: "inspect-panel", in: dom) == nil, "the inspection panel is shown")
            #expect(Self.attribute("data-rendered", ofElement: "week-canvas", in: dom) == "4096")
            let illness = try #require(try await server.database.week(id: weekID).summary.labels["illness"])
            #expect(dom.contains("illness=\(Int(illness))</button>"), "the week's button lists its own labels")
            let tensor = try #require(detail.binding.inspectable.first)
            #expect(Self.attribute("data-rendered", ofElement: "heatmap", in: dom) == "\(tensor.units)x\(min(512, tensor.steps))")
            #expect(Self.attribute("data-rendered", ofElement: "compare-heatmap", in: dom) != nil, "the compared model is drawn too")
            #expect(Self.attribute("data-rendered", ofElement: "gradient", in: dom) == "4096")
            let centre = try #require(Self.attribute("data-centre-bin", ofElement: "gradient", in: dom).flatMap { Int($0) })
            #expect(abs(centre - 2048) <= 16, "t0 defaults to the midpoint (the centre of its output step's bins)")
            for tensor in detail.binding.inspectable {
                #expect(dom.contains("<option value=\"\(tensor.name)\""), "the tensor picker offers \(tensor.name)")
            }
            #expect(Self.attribute("data-zero", ofElement: "gradient", in: dom) == "true", "deepheart-relu's dead layer blocks every input gradient")
            #expect(dom.contains("gradient is zero: no memory horizon"))
            #expect(dom.contains(">deepheart-relu v1</button>") && dom.contains(">deepheart-leaky v1</button>"), "the models panel lists the models")
            #expect(Self.attribute("class", ofElement: "status", in: dom) != "error")
        }
    }

    @Test func aWorkingModelsGradientIsPlottedWithItsMemoryHorizon() async throws {
        let server = try await DemoModelServer.shared()
        let weekID = server.tuningWeekIDs[1]
        let userID = try await server.database.week(id: weekID).summary.userID
        let token = try #require(server.tokens[.read])
        try await Self.liveApplication(server).test(.live) { client in
            let port = try #require(client.port)
            let dom = try await Self.renderedDOM(
                "http://127.0.0.1:\(port)/?token=\(token)#user=\(userID)&week=\(weekID)&model=\(server.id("deepheart-long-memory"))")
            #expect(Self.attribute("data-rendered", ofElement: "gradient", in: dom) == "4096")
            #expect(Self.attribute("data-zero", ofElement: "gradient", in: dom) == nil)
            #expect(dom.contains("memory horizon:") && dom.contains("h back"))
            #expect(Self.attribute("hidden", ofElement: "compare-figure", in: dom) == "", "no comparison unless asked")
        }
    }

    @Test func theUnitScanOfTheReLUModelListsItsDeadLayerWithCauseAndFix() async throws {
        let server = try await DemoModelServer.shared()
        let weekID = server.tuningWeekIDs[0]
        let userID = try await server.database.week(id: weekID).summary.userID
        let token = try #require(server.tokens[.read])
        try await Self.liveApplication(server).test(.live) { client in
            let port = try #require(client.port)
            let dom = try await Self.renderedDOM(
                "http://127.0.0.1:\(port)/?token=\(token)#user=\(userID)&week=\(weekID)&model=\(server.id("deepheart-relu"))&scan=tuning")
            #expect(Self.attribute("hidden", ofElement: "unit-report", in: dom) == nil, "the report is shown")
            #expect(dom.contains("data-code=\"dead_layer\""), "the dead layer is a finding")
            #expect(dom.contains("likely cause:") && dom.contains("fix:"))
            #expect(dom.contains("weeks of the tuning split scanned"))
        }
    }

    @Test func anEvaluationShowsItsMetricsChartsBaselineWinsAndLossesAndStrata() async throws {
        let server = try await DemoModelServer.shared()
        let evaluation = try await EvaluationRouteTests.evaluate("deepheart-leaky", label: "sleep_apnea", server: server)
        let token = try #require(server.tokens[.read])
        try await Self.liveApplication(server).test(.live) { client in
            let port = try #require(client.port)
            let dom = try await Self.renderedDOM("http://127.0.0.1:\(port)/?token=\(token)#evaluation=\(evaluation.id)")
            #expect(Self.attribute("hidden", ofElement: "evaluation-detail", in: dom) == nil, "the evaluation is shown")
            #expect(dom.contains("<td>auroc</td>") && dom.contains("<td>brier</td>"))
            #expect(dom.contains("AUROC with the series replaced by the train mean week"))
            let roc = try #require(Self.attribute("data-rendered", ofElement: "roc-chart", in: dom).flatMap { Int($0) })
            #expect(roc >= 2, "the ROC curve has its points")
            #expect(Self.attribute("data-rendered", ofElement: "calibration-chart", in: dom) != nil)
            let weeks = try #require(evaluation.metrics?.weeks)
            #expect(Self.attribute("data-rendered", ofElement: "scatter-chart", in: dom) == "\(weeks)", "one point per week")
            #expect(dom.contains("Agreement with the DNN: Pearson"))
            #expect(dom.contains("AUROC, DNN minus baseline: ") && dom.contains("(paired, by user)"))
            #expect(dom.contains("<td>first_generation_watch=yes</td>") && dom.contains("<td>first_generation_watch=no</td>"))
            // The forest plot draws each stratum that has an interval against the rest (at test scale, maybe none).
            let strata = try await client.execute(
                uri: "/api/v1/evaluations/\(evaluation.id)/strata?by=first_generation_watch", method: .get, headers: server.headers())
            let comparable = try #require(JSONSerialization.jsonObject(with: Data(buffer: strata.body)) as? [String: Any])["strata"]
                .flatMap { $0 as? [[String: Any]] }?.filter { (($0["versus_rest"] as? [String: Any])?["interval"]) != nil }.count
            #expect(Self.attribute("data-rendered", ofElement: "forest-chart", in: dom) == comparable.map(String.init))
            #expect(dom.contains("data-week="), "top wins and losses link to their weeks")
        }
    }

    @Test func syntheticTasksShowProbeR2PerLayerAndALearningCurve() async throws {
        let server = try await DemoModelServer.shared()
        let token = try #require(server.tokens[.upload])
        let leaky = server.id("deepheart-leaky")
        let tensors = try await server.services.registry.model(id: leaky).binding.inspectable.count
        try await Self.liveApplication(server).test(.live) { client in
            let port = try #require(client.port)
            let dom = try await Self.renderedDOM(
                "http://127.0.0.1:\(port)/?token=\(token)#probe=\(leaky)&learn=\(leaky)&task=std_day_minus_night&epochs=2")
            #expect(Self.attribute("data-rendered", ofElement: "probe-chart", in: dom) == "\(tensors)", "one bar per inspectable tensor")
            #expect(Self.attribute("data-rendered", ofElement: "learning-chart", in: dom) == "2", "one point per epoch")
            #expect(dom.contains("tuning R²") && dom.contains("against") && dom.contains("for a constant"))
            #expect(dom.contains("(synthetic)</a>"), "the trained model is offered for download")
        }
    }

    @Test func aWrongTokenShowsTheLoginAndSaysWhy() async throws {
        let server = try await DemoModelServer.shared()
        try await Self.liveApplication(server).test(.live) { client in
            let port = try #require(client.port)
            let dom = try await Self.renderedDOM("http://127.0.0.1:\(port)/?token=ausc_wrong")
            #expect(Self.attribute("hidden", ofElement: "login", in: dom) == nil, "the login form is shown")
            #expect(dom.contains("Not signed in"), "the status names the 401")
            #expect(Self.attribute("class", ofElement: "status", in: dom) == "error")
        }
    }
}
