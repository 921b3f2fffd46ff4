import Foundation
import NeuralEngine

/// Seeded uniform and normal draws for the simulation checks of the statistics, the same on every run.
struct SimulationDraws {
    private var generator: SplitMix64

    init(seed: UInt64) {
        generator = SplitMix64(seed: seed)
    }

    /// Uniform in [0, 1) from the top 53 bits.
    mutating func uniform() -> Double {
        Double(generator.next() >> 11) / Double(1 << 53)
    }

    /// Standard normal (Box–Muller).
    mutating func normal() -> Double {
        (-2 * log(1 - uniform())).squareRoot() * cos(2 * Double.pi * uniform())
    }
}
