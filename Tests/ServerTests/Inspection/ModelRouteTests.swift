import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NeuralEngine
import ONNXFormat
import Testing

@testable import Server

/// `/api/v1/models`: upload, listing, graph summary and deletion, with their auth and error cases.
@Suite(.serialized)
struct ModelRouteTests {
    struct Detail: Decodable {
        struct Summary: Decodable {
            let id: Int64
            let name: String
            let version: Int
        }
        struct Node: Decodable {
            struct Output: Decodable {
                let name: String
                let shape: [Int]
            }
            let name: String
            let op_type: String
            let outputs: [Output]
            let parameter_count: Int
        }
        struct Tensor: Decodable {
            let name: String
            let layout: String
            let units: Int
            let steps: Int
            let upstream: [String]
        }
        let model: Summary
        let nodes: [Node]
        let parameter_count: Int
        let inspectable_tensors: [Tensor]
    }

    func multipart(boundary: String, parts: [(name: String, filename: String?, bytes: Data)]) -> ByteBuffer {
        var body = Data()
        for part in parts {
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\"".utf8)
            if let filename = part.filename { body += Data("; filename=\"\(filename)\"".utf8) }
            body += Data("\r\n\r\n".utf8) + part.bytes + Data("\r\n".utf8)
        }
        body += Data("--\(boundary)--\r\n".utf8)
        return ByteBuffer(bytes: body)
    }

    @Test func detailListsNodesInOrderWithWeekShapesParametersAndInspectableTensors() async throws {
        let server = try await DemoModelServer.shared()
        let id = server.id("deepheart-relu")
        try await server.application.test(.router) { client in
            let response = try await client.execute(uri: "/api/v1/models/\(id)", method: .get, headers: server.headers())
            #expect(response.status == .ok)
            let detail = try response.json(Detail.self)
            #expect(detail.model.name == "deepheart-relu")
            let graph = server.graphs["deepheart-relu"]!
            #expect(detail.nodes.map(\.op_type) == graph.nodes.map(\.op.opType))
            #expect(detail.parameter_count == graph.parameters.values.reduce(0) { $0 + $1.count })
            let conv2 = try #require(detail.nodes.first { $0.outputs.contains { $0.name == "conv2" } })
            #expect(conv2.outputs.first { $0.name == "conv2" }?.shape == [1, 4, 256])
            #expect(conv2.parameter_count == 4 * 4 * 5 + 4)
            let names = detail.inspectable_tensors.map(\.name)
            #expect(names == ["conv1", "act1", "conv2", "act2", "conv3", "act3", "lstm_features", "per_step"])
            #expect(detail.inspectable_tensors.first { $0.name == "conv3" }?.upstream == ["act2"])
            #expect(detail.inspectable_tensors.first { $0.name == "lstm_features" }?.layout == "NTC")
        }
    }

    @Test func uploadAsBodyAndAsMultipartWithCardThenDeleteAsAdmin() async throws {
        let server = try await DemoModelServer.shared()
        let stored = try await server.database.model(id: server.id("deepheart-leaky"))
        try await server.application.test(.router) { client in
            let raw = try await client.execute(
                uri: "/api/v1/models?name=uploaded-raw", method: .post, headers: server.headers(.upload), body: ByteBuffer(bytes: stored.onnx))
            #expect(raw.status == .created, "\(raw.text)")
            let rawDetail = try raw.json(Detail.self)
            #expect(rawDetail.model.version == 1)
            // Without a card every op output with a time axis is inspectable.
            #expect(rawDetail.inspectable_tensors.map(\.name).contains("act2"))

            let again = try await client.execute(
                uri: "/api/v1/models?name=uploaded-raw", method: .post, headers: server.headers(.upload), body: ByteBuffer(bytes: stored.onnx))
            #expect(try again.json(Detail.self).model.version == 2)

            let boundary = "auscult-test-boundary"
            var headers = server.headers(.upload)
            headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
            let card = #"{"name": "uploaded-multipart", "inspectable_tensors": [{"name": "act2"}, {"name": "per_step", "layout": "NTC"}]}"#
            let form = try await client.execute(
                uri: "/api/v1/models", method: .post, headers: headers,
                body: multipart(boundary: boundary, parts: [("model", "m.onnx", stored.onnx), ("card", nil, Data(card.utf8))]))
            #expect(form.status == .created, "\(form.text)")
            let formDetail = try form.json(Detail.self)
            #expect(formDetail.model.name == "uploaded-multipart")
            #expect(formDetail.inspectable_tensors.map(\.name) == ["act2", "per_step"])

            let forbidden = try await client.execute(uri: "/api/v1/models/\(formDetail.model.id)", method: .delete, headers: server.headers(.upload))
            #expect(forbidden.status == .forbidden)
            for id in [rawDetail.model.id, try again.json(Detail.self).model.id, formDetail.model.id] {
                let deleted = try await client.execute(uri: "/api/v1/models/\(id)", method: .delete, headers: server.headers(.admin))
                #expect(deleted.status == .noContent)
                let gone = try await client.execute(uri: "/api/v1/models/\(id)", method: .get, headers: server.headers())
                #expect(gone.status == .notFound)
            }
        }
    }

    @Test func uploadsThatCannotRunAreRefusedWithTheReason() async throws {
        let server = try await DemoModelServer.shared()
        let stored = try await server.database.model(id: server.id("deepheart-relu"))
        try await server.application.test(.router) { client in
            let garbage = try await client.execute(
                uri: "/api/v1/models?name=garbage", method: .post, headers: server.headers(.upload), body: ByteBuffer(string: "not a model"))
            #expect(garbage.status == .unprocessableContent)
            #expect(try garbage.json(ErrorEnvelope.self).error.code == "invalid_model")

            let badCard = try await client.execute(
                uri: "/api/v1/models?name=bad-card&card=%7B%22inspectable_tensors%22%3A%5B%7B%22name%22%3A%22nope%22%7D%5D%7D",
                method: .post, headers: server.headers(.upload), body: ByteBuffer(bytes: stored.onnx))
            #expect(badCard.status == .unprocessableContent)
            let envelope = try badCard.json(ErrorEnvelope.self)
            #expect(envelope.error.code == "unknown_tensor" && envelope.error.message.contains("nope"))

            let nameless = try await client.execute(uri: "/api/v1/models", method: .post, headers: server.headers(.upload), body: ByteBuffer(bytes: stored.onnx))
            #expect(nameless.status == .badRequest)

            let readOnly = try await client.execute(uri: "/api/v1/models?name=x", method: .post, headers: server.headers(.read), body: ByteBuffer(bytes: stored.onnx))
            #expect(readOnly.status == .forbidden)
            let anonymous = try await client.execute(uri: "/api/v1/models", method: .get, headers: [:])
            #expect(anonymous.status == .unauthorized)
            let models = try await server.database.modelSummaries().map(\.name)
            #expect(!models.contains("garbage") && !models.contains("bad-card") && !models.contains("x"))
        }
    }

    @Test func listingShowsEveryDemoModelWithItsTask() async throws {
        let server = try await DemoModelServer.shared()
        struct Summary: Decodable {
            struct Task: Decodable { let label: String? }
            let name: String
            let task: Task?
        }
        try await server.application.test(.router) { client in
            let response = try await client.execute(uri: "/api/v1/models", method: .get, headers: server.headers())
            let models = try response.json([Summary].self)
            for name in ["deepheart-relu", "deepheart-leaky", "deepheart-short-memory", "deepheart-long-memory"] {
                #expect(models.contains { $0.name == name })
            }
            #expect(models.first { $0.name == "deepheart-relu" }?.task?.label == "sleep_apnea")
        }
    }
}

/// Models whose series input does not take a 4,096-bin week are refused at upload, saying so.
struct ModelWeekFormatTests {
    @Test func aSeriesInputLongerThanAWeekIsRefused() async throws {
        let graph = Graph(
            inputs: [("series", [1, 8192, 3])], parameters: [:],
            nodes: [Graph.Node(name: "relu", op: Relu(), inputs: ["series"], outputs: ["per_step"])], outputs: ["per_step"])
        let bytes = try ONNXExporter.serializedBytes(ONNXExporter.export(graph, opset: 17, modelName: "long", docString: ""))
        let server = try TestServer(users: 1, weeksPerUser: 1)
        try await server.application.test(.router) { client in
            let response = try await client.execute(
                uri: "/api/v1/models?name=long", method: .post, headers: server.headers(.upload), body: ByteBuffer(bytes: bytes))
            #expect(response.status == .unprocessableContent)
            let envelope = try response.json(ErrorEnvelope.self)
            #expect(envelope.error.code == "week_too_short" && envelope.error.message.contains("8192"), "\(envelope.error.message)")
        }
    }
}
