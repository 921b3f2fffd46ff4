import Testing

/// The ONNX importer, fuzzed with byte-level and structural mutants of the fixture models and of tiny
/// shape-arithmetic graphs: a model is refused with an error or imported (and run, when small), never a
/// crash, a hang or an allocation its bytes do not justify.
extension Fuzzing {
    @Test func onnxImporter() throws {
        try Self.fuzz(try ONNXFuzzTargets.target(), minimumOutcomes: 20)
    }
}
