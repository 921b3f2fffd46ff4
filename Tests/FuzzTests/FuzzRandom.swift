/// The fuzzer's random source: SplitMix64, so a seed replays the same inputs on every machine.
struct FuzzRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A uniform integer in `0..<bound` (bound > 0).
    mutating func below(_ bound: Int) -> Int {
        Int.random(in: 0..<bound, using: &self)
    }

    /// True with probability `numerator` / `denominator`.
    mutating func chance(_ numerator: Int, in denominator: Int) -> Bool {
        below(denominator) < numerator
    }

    /// A small count, most often 1: 1 + floor of an exponential with mean ~1.
    mutating func smallCount(upTo maximum: Int) -> Int {
        var count = 1
        while count < maximum && chance(1, in: 2) { count += 1 }
        return count
    }

    mutating func element<T>(of values: [T]) -> T {
        values[below(values.count)]
    }
}
