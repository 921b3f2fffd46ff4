/// SplitMix64 (Steele, Lea and Flood, 2014): a 64-bit generator with a Weyl-sequence state, used here only
/// to expand seeds into the state of `SeededRandomNumberGenerator` and to derive independent streams.
///
/// Written from the published algorithm: the state advances by the golden-ratio constant
/// 0x9E3779B97F4A7C15 and each output is the state passed through `scramble` (the variant-13 mixer of
/// Stafford). Seeded with 1234567 the first outputs are 6457827717110365317, 3203168211198807973, ….
struct SplitMix64: RandomNumberGenerator {
    private(set) var state: UInt64

    init(state: UInt64) {
        self.state = state
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.scramble(state)
    }

    /// The SplitMix64 output function: a bijection on 64-bit words with full avalanche, so nearby inputs
    /// (seed 1 and seed 2, user 7 and user 8) give unrelated outputs.
    static func scramble(_ word: UInt64) -> UInt64 {
        var z = word
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
