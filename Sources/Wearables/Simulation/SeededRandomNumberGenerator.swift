/// A small, fast, reproducible random number generator: xoshiro256** (Blackman and Vigna, 2018) seeded
/// through SplitMix64.
///
/// Written from the published algorithm description. The same seed gives the same sequence on every
/// platform and toolchain, because nothing here calls the standard library's own sampling algorithms
/// (`Int.random(in:)`, `shuffle()`), whose internals may change between Swift releases. Started from the
/// raw state (1, 2, 3, 4) the first outputs are 11520, 0, 1509978240, 1215971899390074240.
///
/// The sampling helpers (uniform, normal, Bernoulli, Poisson, weighted choice) live in
/// `SeededRandomNumberGenerator+Distributions.swift`.
public struct SeededRandomNumberGenerator: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64
    /// The second value of the last Box–Muller pair, handed out by the next `normal()` call.
    var spareNormal: Double?

    /// A generator whose 256-bit state is four consecutive SplitMix64 outputs from `seed`.
    public init(seed: UInt64) {
        var expander = SplitMix64(state: seed)
        self.init(state: (expander.next(), expander.next(), expander.next(), expander.next()))
    }

    /// An independent stream named by `stream` under `seed`, e.g. `[userIndex]` or `[userIndex, week]`.
    ///
    /// Each component is folded into a 64-bit key through the SplitMix64 mixer, so streams whose names
    /// differ in any component start from unrelated states, and a stream never depends on how many
    /// numbers were drawn from any other stream.
    public init(seed: UInt64, stream: [UInt64]) {
        var key = SplitMix64.scramble(seed)
        for component in stream {
            key = SplitMix64.scramble(key ^ SplitMix64.scramble(component &+ 0x9E37_79B9_7F4A_7C15))
        }
        self.init(seed: key)
    }

    /// Starts from a raw xoshiro256** state, as the reference test vectors do. An all-zero state would
    /// emit zeros forever, so it is replaced by the state seeded with 0.
    init(state: (UInt64, UInt64, UInt64, UInt64)) {
        if state == (0, 0, 0, 0) {
            var expander = SplitMix64(state: 0)
            (s0, s1, s2, s3) = (expander.next(), expander.next(), expander.next(), expander.next())
        } else {
            (s0, s1, s2, s3) = state
        }
        spareNormal = nil
    }

    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, by: 7) &* 9
        let shifted = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= shifted
        s3 = rotateLeft(s3, by: 45)
        return result
    }

    private func rotateLeft(_ word: UInt64, by count: UInt64) -> UInt64 {
        (word << count) | (word >> (64 - count))
    }
}
