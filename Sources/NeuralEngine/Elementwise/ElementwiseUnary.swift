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
        var y = x                                     // (same)
        y.values.withUnsafeMutableBufferPointer { y in
            for index in y.indices { y[index] = value(y[index]) }
        }
        return ForwardResult(outputs: [y])
    }

    public func backward(_ inputs: [Tensor?], forward: ForwardResult, outputGradients: [Tensor?]) throws -> [Tensor?] {
        guard let dy = outputGradients[0] else { return [nil] }
        let x = try requireInput(inputs, 0, opType)
        let y = forward.outputs[0]
        var dx = dy
        dx.values.withUnsafeMutableBufferPointer { dx in
            x.values.withUnsafeBufferPointer { x in
                y.values.withUnsafeBufferPointer { y in
                    for index in dx.indices { dx[index] *= derivative(x[index], y[index]) }
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
