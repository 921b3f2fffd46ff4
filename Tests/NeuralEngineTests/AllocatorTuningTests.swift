#if canImport(Glibc)
import Glibc
#endif
import Testing

@testable import NeuralEngine

/// `AllocatorTuning` leaves malloc alone when the user configured it, and otherwise applies its settings.
struct AllocatorTuningTests {
    @Test func theUsersOwnMallocSettingsWin() {
        #expect(!AllocatorTuning.userChoseMallocSettings(environment: [:]))
        #expect(!AllocatorTuning.userChoseMallocSettings(environment: ["GLIBC_TUNABLES": "glibc.pthread.rseq=0", "MALLOC": "x"]))
        #expect(AllocatorTuning.userChoseMallocSettings(environment: ["GLIBC_TUNABLES": "glibc.malloc.arena_max=2"]))
        #expect(AllocatorTuning.userChoseMallocSettings(environment: ["MALLOC_ARENA_MAX_": "2"]))
    }

    #if os(Linux)
    /// In a process that did not configure malloc (the test runner), the settings apply, and a block
    /// above glibc's largest mmap threshold (32 MiB) then comes from the heap instead of its own mapping.
    @Test(.enabled(if: !AllocatorTuning.userChoseMallocSettings(environment: BLAS.currentEnvironment()), "the environment sets malloc's own settings"))
    func withTheSettingsALargeBlockComesFromTheHeap() throws {
        #expect(AllocatorTuning.keepFreedMemoryForReuse())
        let size = 40 << 20
        let before = AllocatorTuning.directlyMappedBytes()
        let block = try #require(malloc(size))
        defer { free(block) }
        // Other tests may free mapped blocks meanwhile, never map a new one of this size: at most less.
        #expect(AllocatorTuning.directlyMappedBytes() < before + size, "the 40 MiB block is not mapped on its own")
    }
    #endif
}
