import Foundation

/// Stochastic gradient descent with optional momentum (PyTorch's `SGD` convention:
/// `v ← μ·v + g`, `p ← p − lr·v`) and L2 weight decay added to the gradient.
public struct SGD: Sendable {
    public var learningRate: Float
    public var momentum: Float
    public var weightDecay: Float
    private var velocity: [String: Tensor] = [:]

    public init(learningRate: Float, momentum: Float = 0, weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
    }

    /// Updates, in place, every parameter that has a gradient; other parameters are untouched.
    public mutating func step(_ parameters: inout [String: Tensor], gradients: [String: Tensor]) {
        for (name, gradient) in gradients {
            guard var parameter = parameters[name], parameter.shape == gradient.shape else { continue }
            var direction = velocity[name] ?? Tensor(shape: parameter.shape)
            for index in 0..<parameter.count {
                let g = gradient.values[index] + weightDecay * parameter.values[index]
                direction.values[index] = momentum == 0 ? g : momentum * direction.values[index] + g
                parameter.values[index] -= learningRate * direction.values[index]
            }
            if momentum != 0 { velocity[name] = direction }
            parameters[name] = parameter
        }
    }
}

/// Adam (Kingma & Ba; PyTorch's `Adam` with bias correction and `eps` added after the square root).
public struct Adam: Sendable {
    public var learningRate: Float
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    private var firstMoment: [String: Tensor] = [:]
    private var secondMoment: [String: Tensor] = [:]
    private var steps: [String: Int] = [:]

    public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    /// Updates, in place, every parameter that has a gradient; each keeps its own step count.
    public mutating func step(_ parameters: inout [String: Tensor], gradients: [String: Tensor]) {
        for (name, gradient) in gradients {
            guard var parameter = parameters[name], parameter.shape == gradient.shape else { continue }
            var m = firstMoment[name] ?? Tensor(shape: parameter.shape)
            var v = secondMoment[name] ?? Tensor(shape: parameter.shape)
            let t = (steps[name] ?? 0) + 1
            let correction1 = 1 - powf(beta1, Float(t)), correction2 = 1 - powf(beta2, Float(t))
            for index in 0..<parameter.count {
                let g = gradient.values[index]
                m.values[index] = beta1 * m.values[index] + (1 - beta1) * g
                v.values[index] = beta2 * v.values[index] + (1 - beta2) * g * g
                let mHat = m.values[index] / correction1, vHat = v.values[index] / correction2
                parameter.values[index] -= learningRate * mHat / (vHat.squareRoot() + epsilon)
            }
            firstMoment[name] = m
            secondMoment[name] = v
            steps[name] = t
            parameters[name] = parameter
        }
    }
}
