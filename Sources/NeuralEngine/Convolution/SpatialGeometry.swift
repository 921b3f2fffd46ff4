/// The 2-D window geometry shared by Conv and the pooling operators.
///
/// A 1-D operator is run as 2-D with a height of 1 (kernel 1, stride 1, no padding on that axis).
/// Pads follow ONNX order: `[begin₀, begin₁, …, end₀, end₁, …]`, explicit only — `auto_pad` is
/// resolved into explicit pads by the importer.
struct SpatialGeometry: Equatable {
    /// Largest kernel size, stride, dilation or pad accepted (2^28, as many elements as a tensor may hold),
    /// so that the window arithmetic cannot overflow whatever a model file says.
    static let maximumParameter = 1 << 28

    var inputHeight: Int, inputWidth: Int
    var kernelHeight: Int, kernelWidth: Int
    var strideHeight: Int, strideWidth: Int
    var dilationHeight: Int, dilationWidth: Int
    var padTop: Int, padLeft: Int, padBottom: Int, padRight: Int
    var outputHeight: Int, outputWidth: Int

    /// Builds the geometry for spatial input dims `spatial` (1 or 2 of them); attributes default to
    /// kernel-sized windows, stride 1, dilation 1, no padding. `ceilMode` rounds the output size up,
    /// dropping a last window that would start inside the end padding (PyTorch and ONNX Runtime).
    init(spatial: [Int], kernel: [Int], strides: [Int]?, dilations: [Int]?, pads: [Int]?, ceilMode: Bool = false, _ opType: String) throws {
        let rank = spatial.count
        guard rank == 1 || rank == 2 else {
            throw EngineError("\(opType): only 1-D and 2-D spatial inputs are supported, got \(rank) spatial axes")
        }
        let strides = strides ?? Array(repeating: 1, count: rank)
        let dilations = dilations ?? Array(repeating: 1, count: rank)
        let pads = pads ?? Array(repeating: 0, count: 2 * rank)
        guard kernel.count == rank, strides.count == rank, dilations.count == rank, pads.count == 2 * rank else {
            throw EngineError("\(opType): kernel \(kernel), strides \(strides), dilations \(dilations), pads \(pads) do not fit \(rank) spatial axes")
        }
        guard strides.allSatisfy({ $0 > 0 }), dilations.allSatisfy({ $0 > 0 }), kernel.allSatisfy({ $0 > 0 }), pads.allSatisfy({ $0 >= 0 }) else {
            throw EngineError("\(opType): kernel, strides and dilations must be positive and pads non-negative")
        }
        guard (kernel + strides + dilations + pads).allSatisfy({ $0 <= Self.maximumParameter }) else {
            throw EngineError("\(opType): kernel \(kernel), strides \(strides), dilations \(dilations) or pads \(pads) exceed \(Self.maximumParameter)")
        }
        func two(_ values: [Int], _ fill: Int) -> (Int, Int) { rank == 1 ? (fill, values[0]) : (values[0], values[1]) }
        (inputHeight, inputWidth) = two(spatial, 1)
        (kernelHeight, kernelWidth) = two(kernel, 1)
        (strideHeight, strideWidth) = two(strides, 1)
        (dilationHeight, dilationWidth) = two(dilations, 1)
        (padTop, padLeft) = two(Array(pads[..<rank]), 0)
        (padBottom, padRight) = two(Array(pads[rank...]), 0)
        func outputSize(_ input: Int, _ kernel: Int, _ stride: Int, _ dilation: Int, _ begin: Int, _ end: Int) -> Int {
            let span = input + begin + end - dilation * (kernel - 1) - 1
            guard span >= 0 else { return 0 }
            var size = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1
            if ceilMode, (size - 1) * stride >= input + begin { size -= 1 }
            return size
        }
        outputHeight = outputSize(inputHeight, kernelHeight, strideHeight, dilationHeight, padTop, padBottom)
        outputWidth = outputSize(inputWidth, kernelWidth, strideWidth, dilationWidth, padLeft, padRight)
        guard outputHeight > 0, outputWidth > 0 else {
            throw EngineError("\(opType): input \(spatial) is smaller than the dilated kernel \(kernel) with pads \(pads)")
        }
    }

    /// The output's spatial shape in the input's rank (1-D stays 1-D).
    func outputSpatial(rank: Int) -> [Int] {
        rank == 1 ? [outputWidth] : [outputHeight, outputWidth]
    }
}
