import Testing

@testable import ONNXFormat

struct TensorFileNameTests {
    @Test func replacesPathSeparatorsAndColonsAndTrimsUnderscores() {
        #expect(TensorFileName.sanitized("/conv1/Conv_output_0") == "conv1_Conv_output_0")
        #expect(TensorFileName.sanitized("onnx::Gemm_12") == "onnx__Gemm_12")
        #expect(TensorFileName.sanitized("val_17") == "val_17")
        #expect(TensorFileName.sanitized("lstm.weight-1") == "lstm.weight-1")
    }

    @Test func replacesNonASCIILettersAndFallsBackWhenNothingIsLeft() {
        #expect(TensorFileName.sanitized("größe") == "gr__e")
        #expect(TensorFileName.sanitized("///") == "tensor")
    }
}
