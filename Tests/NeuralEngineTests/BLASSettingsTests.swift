import Testing

@testable import NeuralEngine

/// The OpenBLAS variables `auscult` re-executes itself with: fast kernels where OpenBLAS fell back to
/// generic ones, idle workers that sleep soon, and never over the user's own choice.
struct BLASSettingsTests {
    static let avx512: Set<String> = ["avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl"]

    @Test func aGenericCoreGetsTheFastestKernelsTheFlagsAllow() {
        #expect(BLAS.recommendedCoreType(environment: [:], cpuFlags: Self.avx512, currentCore: "Prescott") == "SkylakeX")
        #expect(BLAS.recommendedCoreType(environment: [:], cpuFlags: ["avx2", "fma"], currentCore: "Prescott") == "Haswell")
        #expect(BLAS.recommendedCoreType(environment: [:], cpuFlags: ["sse3"], currentCore: "Prescott") == nil)
        #expect(BLAS.recommendedCoreType(environment: [:], cpuFlags: Self.avx512, currentCore: "Haswell") == nil, "OpenBLAS's own non-generic choice stays")
        #expect(BLAS.recommendedCoreType(environment: [:], cpuFlags: nil, currentCore: "Prescott") == nil)
    }

    @Test func theThreadTimeoutIsAddedUnlessTheUserSetOne() {
        #expect(BLAS.recommendedEnvironment(environment: [:], cpuFlags: Self.avx512, currentCore: "Prescott")
                == ["OPENBLAS_CORETYPE": "SkylakeX", "OPENBLAS_THREAD_TIMEOUT": "4"])
        #expect(BLAS.recommendedEnvironment(environment: [:], cpuFlags: Self.avx512, currentCore: "SkylakeX") == ["OPENBLAS_THREAD_TIMEOUT": "4"])
        #expect(BLAS.recommendedEnvironment(
            environment: ["OPENBLAS_CORETYPE": "Prescott", "OPENBLAS_THREAD_TIMEOUT": "28"], cpuFlags: Self.avx512, currentCore: "Prescott").isEmpty,
                "after the re-exec, or with the user's own values, nothing changes")
        #expect(BLAS.recommendedEnvironment(environment: ["GOTO_THREAD_TIMEOUT": "10", "OPENBLAS_CORETYPE": ""], cpuFlags: nil, currentCore: "Prescott").isEmpty)
    }
}
