/// A deterministic mutation fuzzer over byte strings: picks an input from its corpus and applies a stack
/// of random mutations (bit flips, interesting bytes and integers, inserted, deleted, duplicated and
/// spliced ranges, truncation, dictionary tokens and hostile numbers in text).
///
/// It has no coverage instrumentation; `FuzzCampaign` feeds it back a cheaper signal, adding an input to
/// the corpus when the target answers it in a way not seen before. Inputs never exceed `maximumSize`.
struct MutationFuzzer {
    /// Inputs to start from: the seeds, then what the campaign keeps.
    private(set) var corpus: [[UInt8]]
    /// Format tokens inserted or written over the input (`<Record`, `"dateTime"`, a varint tag).
    let dictionary: [[UInt8]]
    let maximumSize: Int
    var random: FuzzRandom
    private let seedCount: Int

    static let maximumCorpus = 512

    init(seeds: [[UInt8]], dictionary: [[UInt8]], maximumSize: Int, seed: UInt64) {
        precondition(!seeds.isEmpty, "a fuzzer needs at least one seed")
        corpus = seeds.map { Array($0.prefix(maximumSize)) }
        self.dictionary = dictionary
        self.maximumSize = maximumSize
        random = FuzzRandom(seed: seed)
        seedCount = corpus.count
    }

    /// A corpus entry (unchanged about one time in 64, so the seeds themselves are run too), mutated.
    mutating func nextInput() -> [UInt8] {
        let base = randomCorpusEntry()
        if random.chance(1, in: 64) { return base }
        return mutate(base)
    }

    mutating func randomCorpusEntry() -> [UInt8] {
        corpus[random.below(corpus.count)]
    }

    /// Adds `input` to the corpus; when it is full, it replaces an entry that is not a seed.
    mutating func keep(_ input: [UInt8]) {
        if corpus.count < Self.maximumCorpus {
            corpus.append(input)
        } else {
            corpus[seedCount + random.below(corpus.count - seedCount)] = input
        }
    }

    /// `input` after one to eight stacked mutations, cut to `maximumSize`.
    mutating func mutate(_ input: [UInt8]) -> [UInt8] {
        var bytes = input
        for _ in 0..<random.smallCount(upTo: 8) {
            apply(random.below(Mutation.allCases.count), to: &bytes)
            if bytes.count > maximumSize { bytes.removeLast(bytes.count - maximumSize) }
        }
        return bytes
    }

    enum Mutation: CaseIterable {
        case flipBit, interestingByte, interestingInteger, randomByte, addToByte, insertBytes, deleteRange
        case duplicateRange, truncate, splice, insertToken, overwriteWithToken, hostileNumber
    }

    static let interestingBytes: [UInt8] = [0x00, 0x01, 0x0A, 0x0D, 0x20, 0x22, 0x2C, 0x3C, 0x3E, 0x7F, 0x80, 0xFE, 0xFF]
    static let interestingIntegers: [UInt64] = [
        0, 1, 2, 12, 14, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x1_0000, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF,
        0x1_0000_0000, 1_000_000_000_000, UInt64(Int64.max), 0x8000_0000_0000_0000, UInt64.max,
    ]
    /// Replacements for a run of ASCII digits: overflowing, negative, non-finite, empty.
    static let hostileNumbers: [String] = [
        "0", "-1", "1e309", "-1e309", "NaN", "nan", "inf", "-inf", "1e-320", "99999999999999999999", "9223372036854775807",
        "-9223372036854775808", "4294967296", "18446744073709551616", "0.000000000000000000000001", "1.7976931348623157e308",
        "00000000000000000000000000000000001", "", "-", ".", "1.2.3", "1_000",
    ]

    private mutating func apply(_ choice: Int, to bytes: inout [UInt8]) {
        switch Mutation.allCases[choice] {
        case .flipBit:
            guard !bytes.isEmpty else { return }
            bytes[random.below(bytes.count)] ^= 1 << UInt8(random.below(8))
        case .interestingByte:
            guard !bytes.isEmpty else { return }
            bytes[random.below(bytes.count)] = random.element(of: Self.interestingBytes)
        case .interestingInteger:
            let width = random.element(of: [1, 2, 4, 8])
            guard bytes.count >= width else { return }
            let value = random.element(of: Self.interestingIntegers)
            let negated = random.chance(1, in: 4) ? 0 &- value : value
            var encoded = (0..<width).map { UInt8(truncatingIfNeeded: negated >> (8 * UInt64($0))) }
            if random.chance(1, in: 2) { encoded.reverse() }
            let at = random.below(bytes.count - width + 1)
            bytes.replaceSubrange(at..<(at + width), with: encoded)
        case .randomByte:
            guard !bytes.isEmpty else { return }
            bytes[random.below(bytes.count)] = UInt8.random(in: 0...255, using: &random)
        case .addToByte:
            guard !bytes.isEmpty else { return }
            let at = random.below(bytes.count)
            bytes[at] = bytes[at] &+ UInt8(truncatingIfNeeded: random.below(71) - 35)
        case .insertBytes:
            let count = random.smallCount(upTo: 16)
            let repeated = random.chance(1, in: 2)
            let fill = UInt8.random(in: 0...255, using: &random)
            let inserted = (0..<count).map { _ in repeated ? fill : UInt8.random(in: 0...255, using: &random) }
            bytes.insert(contentsOf: inserted, at: random.below(bytes.count + 1))
        case .deleteRange:
            guard !bytes.isEmpty else { return }
            let start = random.below(bytes.count)
            let count = 1 + random.below(max(1, min(bytes.count - start, bytes.count / 4 + 1)))
            bytes.removeSubrange(start..<min(bytes.count, start + count))
        case .duplicateRange:
            guard !bytes.isEmpty else { return }
            let start = random.below(bytes.count)
            let range = start..<min(bytes.count, start + 1 + random.below(64))
            let copies = random.chance(1, in: 8) ? 1 + random.below(256) : 1
            let chunk = Array(bytes[range])
            let inserted = Array((0..<copies).map { _ in chunk }.joined().prefix(max(0, maximumSize - bytes.count)))
            bytes.insert(contentsOf: inserted, at: random.below(bytes.count + 1))
        case .truncate:
            guard !bytes.isEmpty else { return }
            bytes.removeLast(1 + random.below(bytes.count))
        case .splice:
            let other = random.element(of: corpus)
            guard !other.isEmpty else { return }
            let cut = random.below(bytes.count + 1)
            let from = random.below(other.count)
            bytes = Array(bytes[..<cut]) + other[from...]
        case .insertToken:
            guard !dictionary.isEmpty else { return }
            bytes.insert(contentsOf: random.element(of: dictionary), at: random.below(bytes.count + 1))
        case .overwriteWithToken:
            guard !dictionary.isEmpty else { return }
            let token = random.element(of: dictionary)
            let at = random.below(bytes.count + 1)
            bytes.replaceSubrange(at..<min(bytes.count, at + token.count), with: token)
        case .hostileNumber:
            replaceDigitRun(in: &bytes)
        }
    }

    /// Writes a hostile number over a run of ASCII digits (with its sign, point and exponent) found at or
    /// after a random position.
    private mutating func replaceDigitRun(in bytes: inout [UInt8]) {
        guard !bytes.isEmpty else { return }
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        func isNumberByte(_ byte: UInt8) -> Bool { isDigit(byte) || byte == 0x2D || byte == 0x2E || byte == 0x65 || byte == 0x2B }
        let from = random.below(bytes.count)
        guard let start = bytes[from...].firstIndex(where: isDigit) ?? bytes[..<from].lastIndex(where: isDigit) else { return }
        var first = start
        while first > 0, isNumberByte(bytes[first - 1]) { first -= 1 }
        var end = start
        while end < bytes.count, isNumberByte(bytes[end]) { end += 1 }
        // Sometimes only part of the run (one field of a date), sometimes all of it.
        if random.chance(1, in: 2) {
            first = start
            end = min(end, start + 1 + random.below(4))
        }
        bytes.replaceSubrange(first..<end, with: Array(random.element(of: Self.hostileNumbers).utf8))
    }
}
