import Foundation
import NeuralEngine
import Testing

@testable import ONNXFormat

/// `Where` whose condition was folded into the operator: the condition goes back out as a bool initializer.
struct ONNXExporterStoredConditionTests {
    @Test func whereWithAStoredConditionWritesABoolInitializer() throws {
        let condition = Tensor(shape: [1, 4], values: [1, 0, 0, 1])!
        let graph = Graph(
            inputs: [("a", [-1, 4]), ("b", [-1, 4])], parameters: [:],
            nodes: [Graph.Node(name: "pick", op: Where(condition: condition), inputs: ["", "a", "b"], outputs: ["picked"])],
            outputs: ["picked"])
        let model = try ONNXModelFile(exporting: graph, modelName: "stored_condition")
        let node = try #require(model.graph.node.first)
        #expect(node.input == ["pick/condition", "a", "b"])
        #expect(model.graph.initializer.first?.dataType == Int32(Onnx_TensorProto.DataType.bool.rawValue))
        let reimported = try ONNXImporter.importGraph(model.proto, inputShapes: ["a": [2, 4], "b": [2, 4]])
        let a = Tensor(shape: [2, 4], values: [1, 2, 3, 4, 5, 6, 7, 8])!
        let b = Tensor(shape: [2, 4], repeating: -1)
        let result = try GraphExecutor(graph: reimported.graph).run(["a": a, "b": b])
        #expect(result.values["picked"]?.values == [1, -1, -1, 4, 5, -1, -1, 8])
    }
}
