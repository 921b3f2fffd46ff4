/// An operator applying a scalar function to every element of its single input.
///
/// Conformers give the function and its derivative; forward and backward follow from them.
/// Shapes: `X (any) → Y (same)`.
protocol ElementwiseUnary: Operator {
    func value(_ x: Float) -> Float
    /// dy/dx at `x`, where `y = value(x)` is passed in for functions whose derivative reuses it.
    func derivative(_ x: Float, _ y: Float) -> Float
}

extension ElementwiseUnary {
    public func outputShapes(_ inputShapes: [[Int]?]) throws -> [[Int]] {
        guard let x = inputShapes.first ?? nil else { throw EngineError("\(opType): needs an input") }
        return [x]
    }

    public func forward(_ inputs: [Tensor?]) throws -> ForwardResult {
        let x = try requireInput(inputs, 0, opType)  // (any)
        var y = Tensor.uninitialized(x.shape)         // (same)
        x.values.withUnsafeBufferPointer { x in
            y.values.withUnsafeMutableBufferPointer { yBuffer in
                let y = yBuffer.baseAddress!
                ParallelLanes.forEachBlock(x.count) { block in
                    for index in block { y[index] = value(x[index]) }
                }
            }
        }
        return ForwardResult(outputs: [y])
    }

    public func backward(_ inputs: [Tensor?], forward: ForwardResult, outputGradients: [Tensor?]) throws -> [Tensor?] {
        guard let dy = outputGradients[0] else { return [nil] }
        let x = try requireInput(inputs, 0, opType)
        let y = forward.outputs[0]
        var dx = Tensor.uninitialized(dy.shape)
        dx.values.withUnsafeMutableBufferPointer { dxBuffer in
            let dx = dxBuffer.baseAddress!
            dy.values.withUnsafeBufferPointer { dy in
                x.values.withUnsafeBufferPointer { x in
                    y.values.withUnsafeBufferPointer { y in
                        ParallelLanes.forEachBlock(dy.count) { block in
                            for index in block { dx[index] = dy[index] * derivative(x[index], y[index]) }
                        }
                    }
                }
            }
        }
        return [dx]
    }
}

/// The input at `index`, or an error naming the operator when it is absent.
func requireInput(_ inputs: [Tensor?], _ index: Int, _ opType: String) throws -> Tensor {
    guard index < inputs.count, let input = inputs[index] else {
        throw EngineError("\(opType): required input \(index) is missing (got \(inputs.count) inputs)")
    }
    return input
}
