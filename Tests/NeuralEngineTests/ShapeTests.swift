import Testing

@testable import NeuralEngine

struct ShapeTests {
    let x = tensor([2, 3], [1, 2, 3, 4, 5, 6])

    @Test func transposeDefaultsToReversingAxesAndAcceptsNegativeAxes() throws {
        #expect(try Transpose().forward([x]).outputs[0] == tensor([3, 2], [1, 4, 2, 5, 3, 6]))
        let cube = randomTensor([2, 3, 4], seed: 1)
        let permuted = try Transpose(perm: [0, -1, 1]).forward([cube]).outputs[0]
        #expect(permuted.shape == [2, 4, 3])
        #expect(permuted[[1, 3, 2]] == cube[[1, 2, 3]])
        try checkGradients(Transpose(perm: [2, 0, 1]), [cube])
    }

    /// Tensors large enough that the copy is split over parallel lanes along the first output axis: every
    /// element lands where the permutation says, for the tiled path (the contiguous axis moves), the
    /// run-copying path (the last axis stays) and the element-by-element path (a 1-long last axis).
    @Test(arguments: [([16, 128, 256], [2, 0, 1]), ([512, 2, 16, 32], [0, 2, 1, 3]), ([3, 100_000, 1], [1, 0, 2])])
    func largeTransposesPutEveryElementInPlace(shape: [Int], perm: [Int]) throws {
        let x = Tensor(shape, (0..<shape.reduce(1, *)).map { Float($0) })
        let y = try Transpose(perm: perm).forward([x]).outputs[0]
        #expect(y.shape == perm.map { shape[$0] })
        let strides = x.strides
        var mismatches = 0
        var index = [Int](repeating: 0, count: shape.count)
        for position in 0..<y.count {
            let source = zip(perm, index).reduce(0) { $0 + strides[$1.0] * $1.1 }
            if y.values[position] != x.values[source] { mismatches += 1 }
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < y.shape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        #expect(mismatches == 0, "\(mismatches) of \(y.count) elements misplaced")
    }

    @Test func reshapeCopiesZerosAndInfersMinusOne() throws {
        let cube = randomTensor([2, 3, 4], seed: 2)
        #expect(try Reshape(shape: [0, -1]).forward([cube]).outputs[0].shape == [2, 12])
        #expect(try Reshape(shape: [-1, 0, 2]).forward([cube]).outputs[0].shape == [4, 3, 2])
        #expect(try Reshape(shape: [0, 0, -1]).forward([cube]).outputs[0].shape == [2, 3, 4])
        #expect(try Reshape(shape: [0, 4], allowZero: true).forward([Tensor(shape: [0, 3])]).outputs[0].shape == [0, 4])
        #expect(throws: EngineError.self) { try Reshape(shape: [5, -1]).forward([cube]) }
        #expect(throws: EngineError.self) { try Reshape(shape: [-1, -1]).forward([cube]) }
        try checkGradients(Reshape(shape: [4, -1]), [cube])
    }

    @Test func flattenSqueezeAndUnsqueezeRelabelShapes() throws {
        let cube = randomTensor([2, 1, 3, 1], seed: 3)
        #expect(try Flatten(axis: 2).forward([cube]).outputs[0].shape == [2, 3])
        #expect(try Flatten(axis: 0).forward([cube]).outputs[0].shape == [1, 6])
        #expect(try Flatten(axis: -1).forward([cube]).outputs[0].shape == [6, 1])
        #expect(try Squeeze().forward([cube]).outputs[0].shape == [2, 3])
        #expect(try Squeeze(axes: [-1]).forward([cube]).outputs[0].shape == [2, 1, 3])
        #expect(throws: EngineError.self) { try Squeeze(axes: [0]).forward([cube]) }
        #expect(try Unsqueeze(axes: [0, -1]).forward([x]).outputs[0].shape == [1, 2, 3, 1])
        #expect(try Unsqueeze(axes: [1]).forward([x]).outputs[0].shape == [2, 1, 3])
        for op: any Operator in [Flatten(axis: 2), Squeeze(), Unsqueeze(axes: [-2]), Identity(), Cast()] {
            try checkGradients(op, [cube])
        }
    }

    @Test func dropoutAtInferenceIsIdentityWithAMaskOfOnes() throws {
        let result = try Dropout().forward([x])
        #expect(result.outputs[0] == x)
        #expect(result.outputs[1] == Tensor(shape: [2, 3], repeating: 1))
        try checkGradients(Dropout(), [x], outputs: [0])
    }

    @Test func concatAndSplitAreInverses() throws {
        let a = randomTensor([2, 1, 3], seed: 4), b = randomTensor([2, 2, 3], seed: 5)
        let joined = try Concat(axis: -2).forward([a, b]).outputs[0]
        #expect(joined.shape == [2, 3, 3])
        #expect(joined[[1, 0, 2]] == a[[1, 0, 2]] && joined[[1, 2, 1]] == b[[1, 1, 1]])
        let parts = try Split(axis: 1, sizes: [1, 2]).forward([joined]).outputs
        #expect(parts == [a, b])
        let chunks = try Split(axis: -1, outputCount: 2).forward([joined]).outputs
        #expect(chunks.map(\.shape) == [[2, 3, 2], [2, 3, 1]])
        try checkGradients(Concat(axis: 1), [a, b])
        try checkGradients(Split(axis: 1, sizes: [2, 1]), [joined])
        try checkGradients(Split(axis: 2, outputCount: 3), [joined], outputs: [0, 2])
    }

    @Test func sliceClampsOutOfRangeBoundsLikeONNX() throws {
        let row = tensor([5], [0, 1, 2, 3, 4])
        #expect(try Slice(starts: [1], ends: [1000]).forward([row]).outputs[0].values == [1, 2, 3, 4])
        #expect(try Slice(starts: [-2], ends: [Int.max]).forward([row]).outputs[0].values == [3, 4])
        #expect(try Slice(starts: [-100], ends: [2]).forward([row]).outputs[0].values == [0, 1])
        #expect(try Slice(starts: [3], ends: [1]).forward([row]).outputs[0].values == [])
        #expect(try Slice(starts: [-1], ends: [Int.min], steps: [-1]).forward([row]).outputs[0].values == [4, 3, 2, 1, 0])
        #expect(try Slice(starts: [10], ends: [0], steps: [-2]).forward([row]).outputs[0].values == [4, 2])
        #expect(try Slice(starts: [0], ends: [5], steps: [3]).forward([row]).outputs[0].values == [0, 3])
    }

    @Test func sliceSelectsOnChosenAxesWithNegativeSteps() throws {
        let cube = randomTensor([3, 4, 5], seed: 6)
        let op = Slice(starts: [-1, 1], ends: [0, 4], axes: [-1, 0], steps: [-2, 1])
        let y = try op.forward([cube]).outputs[0]
        #expect(y.shape == [2, 4, 2])
        #expect(y[[0, 3, 1]] == cube[[1, 3, 2]])
        try checkGradients(op, [cube])
    }

    @Test func gatherTakesNegativeAndMultiDimensionalIndices() throws {
        let y = try Gather(axis: 1, indices: [-1, 0, 0, 1], indicesShape: [2, 2]).forward([x]).outputs[0]
        #expect(y.shape == [2, 2, 2])
        #expect(y.values == [3, 1, 1, 2, 6, 4, 4, 5])
        let scalar = try Gather(axis: 0, indices: [-1], indicesShape: []).forward([x]).outputs[0]
        #expect(scalar == tensor([3], [4, 5, 6]))
        #expect(throws: EngineError.self) { try Gather(axis: 0, indices: [2]).forward([x]) }
        try checkGradients(Gather(axis: -1, indices: [2, 0, 2], indicesShape: [3]), [randomTensor([2, 3, 4], seed: 7)])
    }

    @Test func expandBroadcastsBothWaysAndTileRepeats() throws {
        let column = tensor([2, 1], [1, 2])
        #expect(try Expand(shape: [2, 3]).forward([column]).outputs[0] == tensor([2, 3], [1, 1, 1, 2, 2, 2]))
        #expect(try Expand(shape: [3, 1, 1]).forward([column]).outputs[0].shape == [3, 2, 1])
        #expect(try Tile(repeats: [2, 1]).forward([x]).outputs[0] == tensor([4, 3], [1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6]))
        #expect(try Tile(repeats: [1, 2]).forward([x]).outputs[0] == tensor([2, 6], [1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6]))
        try checkGradients(Expand(shape: [2, 3, 4]), [randomTensor([3, 1], seed: 8)])
        try checkGradients(Tile(repeats: [2, 1, 3]), [randomTensor([2, 3, 2], seed: 9)])
    }

    @Test func padSupportsConstantReflectAndEdgeModes() throws {
        let row = tensor([1, 3], [1, 2, 3])
        #expect(try Pad(pads: [0, 2, 0, 1], value: 9).forward([row]).outputs[0].values == [9, 9, 1, 2, 3, 9])
        #expect(try Pad(pads: [0, 2, 0, 2], mode: .reflect).forward([row]).outputs[0].values == [3, 2, 1, 2, 3, 2, 1])
        #expect(try Pad(pads: [0, 2, 0, 1], mode: .edge).forward([row]).outputs[0].values == [1, 1, 1, 2, 3, 3])
        #expect(try Pad(pads: [1, -1], axes: [-1]).forward([row]).outputs[0].values == [0, 1, 2])
        let cube = randomTensor([2, 3, 4], seed: 10)
        for mode in [Pad.Mode.constant, .reflect, .edge] {
            try checkGradients(Pad(pads: [0, 1, 2, 1, 2, 3], mode: mode, value: 0.5), [cube])
        }
    }
}
