/// File names for tensors dumped by `auscult run --dump DIR`.
public enum TensorFileName {
    /// `name` with every character outside `[A-Za-z0-9_.-]` replaced by `_`, then leading and trailing
    /// `_` removed; `tensor` when nothing is left. ONNX tensor names such as `/conv1/Conv_output_0` or
    /// `onnx::Gemm_12` become `conv1_Conv_output_0` and `onnx__Gemm_12`.
    public static func sanitized(_ name: String) -> String {
        let mapped = String(name.map { character -> Character in
            if character.isASCII, character.isLetter || character.isNumber || "_.-".contains(character) {
                return character
            }
            return "_"
        })
        let trimmed = mapped.drop(while: { $0 == "_" }).reversed().drop(while: { $0 == "_" }).reversed()
        return trimmed.isEmpty ? "tensor" : String(trimmed)
    }
}
