import Testing

@testable import NeuralEngine

struct TensorTests {
    @Test func rowMajorStridesPutTheLastAxisInnermost() {
        let tensor = Tensor(shape: [2, 3, 4])
        #expect(tensor.strides == [12, 4, 1])
        #expect(tensor.count == 24)
    }

    @Test func subscriptAddressesRowMajorStorage() throws {
        var tensor = try #require(Tensor(shape: [2, 3], values: [0, 1, 2, 3, 4, 5]))
        #expect(tensor[[1, 0]] == 3)
        tensor[[0, 2]] = 9
        #expect(tensor.values == [0, 1, 9, 3, 4, 5])
    }

    @Test func refusesValuesThatDoNotFillTheShape() {
        #expect(Tensor(shape: [2, 3], values: [1, 2, 3]) == nil)
        #expect(Tensor(shape: [], values: [7])?.count == 1)
    }
}
