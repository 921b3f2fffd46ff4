import Testing

@testable import NeuralEngine

/// Direct (six nested loops) 2-D convolution, the reference for the im2col path.
/// Takes rank-4 tensors; 1-D cases are passed with a height of 1.
func referenceConv(_ x: Tensor, _ w: Tensor, _ b: Tensor?, strides: [Int], dilations: [Int], pads: [Int], group: Int) -> Tensor {
    let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (m, cg, kh, kw) = (w.shape[0], w.shape[1], w.shape[2], w.shape[3])
    let oh = (h + pads[0] + pads[2] - dilations[0] * (kh - 1) - 1) / strides[0] + 1
    let ow = (wd + pads[1] + pads[3] - dilations[1] * (kw - 1) - 1) / strides[1] + 1
    var y = Tensor(shape: [n, m, oh, ow])
    let mg = m / group
    _ = c
    for b0 in 0..<n {
        for oc in 0..<m {
            let gr = oc / mg
            for oy in 0..<oh {
                for ox in 0..<ow {
                    var sum: Float = b?.values[oc] ?? 0
                    for ic in 0..<cg {
                        for i in 0..<kh {
                            for j in 0..<kw {
                                let iy = oy * strides[0] - pads[0] + i * dilations[0]
                                let ix = ox * strides[1] - pads[1] + j * dilations[1]
                                if iy >= 0, iy < h, ix >= 0, ix < wd {
                                    sum += x[[b0, gr * cg + ic, iy, ix]] * w[[oc, ic, i, j]]
                                }
                            }
                        }
                    }
                    y[[b0, oc, oy, ox]] = sum
                }
            }
        }
    }
    return y
}

struct ConvolutionTests {
    @Test func conv1DWithPaddingMatchesTheHandWorkedDifference() throws {
        let x = tensor([1, 1, 4], [1, 2, 3, 4])
        let w = tensor([1, 1, 3], [1, 0, -1])
        let y = try Conv(pads: [1, 1]).forward([x, w, tensor([1], [0.5])]).outputs[0]
        #expect(y.shape == [1, 1, 4])
        #expect(y.values == [-1.5, -1.5, -1.5, 3.5])
    }

    @Test func conv2DMatchesDirectLoopsWithStridesDilationsGroupsAndAsymmetricPads() throws {
        let x = randomTensor([2, 4, 7, 6], seed: 1)
        let w = randomTensor([6, 2, 3, 2], seed: 2)
        let b = randomTensor([6], seed: 3)
        let op = Conv(strides: [2, 1], dilations: [1, 2], pads: [1, 0, 2, 1], group: 2)
        let y = try op.forward([x, w, b]).outputs[0]
        let expected = referenceConv(x, w, b, strides: [2, 1], dilations: [1, 2], pads: [1, 0, 2, 1], group: 2)
        #expect(y.shape == expected.shape)
        expectClose(y.values, expected.values, tolerance: 1e-5)
    }

    /// More batch items than lanes, with a bias: each lane's items, and the bias each SGEMM adds to,
    /// come out as the direct loops give.
    @Test func conv1DOverAManyItemBatchMatchesDirectLoops() throws {
        let x = randomTensor([7, 3, 40], seed: 16)
        let w = randomTensor([5, 3, 4], seed: 17)
        let b = randomTensor([5], seed: 18)
        let y = try Conv(pads: [2, 1]).forward([x, w, b]).outputs[0]
        let expected = referenceConv(
            Tensor(shape: [7, 3, 1, 40], values: x.values)!, Tensor(shape: [5, 3, 1, 4], values: w.values)!, b,
            strides: [1, 1], dilations: [1, 1], pads: [0, 2, 0, 1], group: 1)
        #expect(y.shape == [7, 5, 40])
        expectClose(y.values, expected.values, tolerance: 1e-5)
    }

    @Test func conv1DMatchesDirectLoops() throws {
        let x = randomTensor([2, 3, 11], seed: 4)
        let w = randomTensor([4, 3, 5], seed: 5)
        let y = try Conv(strides: [2], dilations: [2], pads: [3, 1]).forward([x, w]).outputs[0]
        let expected = referenceConv(
            x.reshaped([2, 3, 1, 11]), w.reshaped([4, 3, 1, 5]), nil, strides: [1, 2], dilations: [1, 2], pads: [0, 3, 0, 1], group: 1)
        #expect(y.shape == [2, 4, expected.shape[3]])
        expectClose(y.values, expected.values, tolerance: 1e-5)
    }

    @Test func convGradientsMatchFiniteDifferencesForInputWeightAndBias() throws {
        try checkGradients(
            Conv(strides: [2, 1], dilations: [1, 2], pads: [1, 0, 2, 1], group: 2),
            [randomTensor([2, 4, 5, 6], seed: 6), randomTensor([6, 2, 3, 2], seed: 7), randomTensor([6], seed: 8)])
        try checkGradients(
            Conv(strides: [2], dilations: [2], pads: [3, 1]),
            [randomTensor([2, 3, 11], seed: 9), randomTensor([4, 3, 5], seed: 10), randomTensor([4], seed: 11)])
        try checkGradients(Conv(group: 3), [randomTensor([1, 3, 6], seed: 12), randomTensor([3, 1, 2], seed: 13)])
    }

    @Test func convNamesBothShapesWhenChannelsDisagree() {
        do {
            _ = try Conv().forward([Tensor(shape: [1, 3, 10]), Tensor(shape: [8, 4, 5])])
            Issue.record("expected an error")
        } catch {
            let message = "\(error)"
            #expect(message.contains("[1, 3, 10]") && message.contains("[8, 4, 5]"))
        }
    }

    @Test func maxPoolTakesWindowMaximaAndIgnoresPadding() throws {
        let x = tensor([1, 1, 5], [-1, -3, -2, -5, -4])
        let y = try MaxPool(kernelShape: [2], strides: [2], pads: [1, 1]).forward([x]).outputs[0]
        #expect(y.values == [-1, -2, -4])
        let ceil = try MaxPool(kernelShape: [2], strides: [2], ceilMode: true).forward([x]).outputs[0]
        #expect(ceil.values == [-1, -2, -4])
    }

    @Test func averagePoolCountIncludePadChangesTheDivisorAtEdges() throws {
        let x = tensor([1, 1, 4], [1, 2, 3, 4])
        let excluded = try AveragePool(kernelShape: [3], pads: [1, 1]).forward([x]).outputs[0]
        expectClose(excluded.values, [1.5, 2, 3, 3.5])
        let included = try AveragePool(kernelShape: [3], pads: [1, 1], countIncludePad: true).forward([x]).outputs[0]
        expectClose(included.values, [1, 2, 3, 7.0 / 3])
    }

    @Test func poolGradientsMatchFiniteDifferences() throws {
        let x = distinctTensor([2, 2, 5, 6], seed: 14)
        try checkGradients(MaxPool(kernelShape: [3, 2], strides: [2, 2], pads: [1, 0, 1, 1], dilations: [1, 2]), [x])
        try checkGradients(MaxPool(kernelShape: [3], strides: [2], pads: [1, 2], ceilMode: true), [distinctTensor([2, 3, 8], seed: 15)])
        for include in [false, true] {
            try checkGradients(AveragePool(kernelShape: [3, 2], strides: [2, 1], pads: [1, 1, 0, 1], countIncludePad: include), [x])
            try checkGradients(AveragePool(kernelShape: [4], strides: [3], pads: [2, 1], countIncludePad: include), [randomTensor([1, 2, 9], seed: 16)])
        }
        try checkGradients(GlobalAveragePool(), [x])
        try checkGradients(GlobalMaxPool(), [x])
    }

    @Test func globalPoolsKeepSingletonSpatialAxes() throws {
        let x = tensor([1, 2, 3], [1, 5, 3, -1, -2, -3])
        #expect(try GlobalAveragePool().forward([x]).outputs[0] == tensor([1, 2, 1], [3, -2]))
        #expect(try GlobalMaxPool().forward([x]).outputs[0] == tensor([1, 2, 1], [5, -1]))
    }
}
