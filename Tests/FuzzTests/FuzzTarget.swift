import Foundation

/// One parser under fuzz: where its inputs start, the tokens of its format, and how to run one input.
///
/// `run` must return (a short description of what the parser made of the input, used to notice new
/// behaviour) or throw; a trap, an input slower than `FuzzBudget.slowInputSeconds` or one that raises
/// the process's peak memory by more than `FuzzBudget.memoryGrowthBytes` is a bug.
struct FuzzTarget: Sendable {
    var name: String
    var seeds: [[UInt8]]
    var dictionary: [[UInt8]]
    var maximumInputBytes: Int
    /// Iterations in `make test`: small enough that every target together stays well under 30 s in a
    /// debug build.
    var defaultIterations: Int
    /// Makes a mutant pass the check that would refuse nearly all of them at the door (a FIT file's
    /// CRCs); applied to seven mutants in eight, so the check itself is fuzzed too.
    var repair: (@Sendable ([UInt8], inout FuzzRandom) -> [UInt8])?
    /// A mutation that knows the format (an ONNX model's dims and wiring), used for half the inputs; nil
    /// when the input is not in the format, in which case a byte-level mutant is used.
    var structuralMutation: (@Sendable ([UInt8], inout FuzzRandom) -> [UInt8]?)?
    /// Parses one input; `file` already holds `bytes`, for parsers that read files.
    var run: @Sendable (_ bytes: [UInt8], _ file: URL) throws -> String

    init(
        name: String, seeds: [[UInt8]], dictionary: [String], extraTokens: [[UInt8]] = [], maximumInputBytes: Int,
        defaultIterations: Int, repair: (@Sendable ([UInt8], inout FuzzRandom) -> [UInt8])? = nil,
        structuralMutation: (@Sendable ([UInt8], inout FuzzRandom) -> [UInt8]?)? = nil,
        run: @escaping @Sendable (_ bytes: [UInt8], _ file: URL) throws -> String
    ) {
        self.name = name
        self.seeds = seeds
        self.dictionary = dictionary.map { Array($0.utf8) } + extraTokens
        self.maximumInputBytes = maximumInputBytes
        self.defaultIterations = defaultIterations
        self.repair = repair
        self.structuralMutation = structuralMutation
        self.run = run
    }
}
