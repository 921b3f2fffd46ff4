#if os(Linux)
import CMalloc
#endif

/// Makes glibc's allocator keep the engine's large freed buffers for reuse.
///
/// glibc serves each allocation above its mmap threshold (at most 32 MiB, and one week's activations at
/// batch 16 are 32 MiB and more) with a fresh `mmap` and unmaps it on free, so every forward pass
/// faults every page of every intermediate tensor in again. On this project's VMs a first touch of
/// 32 MiB takes 20 to 250 ms, as long as the arithmetic. With mmap off for allocations and a high
/// trim threshold, freed blocks stay in malloc's free lists and the next pass reuses them, already
/// mapped: the DeepHeart-size forward pass at batch 16 went from 1,014 to 609 ms.
///
/// The cost is that the process keeps its peak heap instead of returning it to the system between
/// requests (up to 2 GiB of free heap is kept; anything above is trimmed). Allocations too large for
/// a heap (over 64 MiB in a thread's arena) are still mapped one by one, as glibc falls back to mmap.
public enum AllocatorTuning {
    /// Free heap kept at the top before glibc trims it: `mallopt` takes an `int`.
    static let trimThreshold = Int32.max

    /// Whether the user already chose malloc settings (`GLIBC_TUNABLES` naming a malloc tunable, or a
    /// `MALLOC_…_` variable), which this then leaves alone.
    public static func userChoseMallocSettings(environment: [String: String]) -> Bool {
        environment["GLIBC_TUNABLES"]?.contains("glibc.malloc.") == true
            || environment.keys.contains { $0.hasPrefix("MALLOC_") && $0.hasSuffix("_") }
    }

    /// Applies the settings unless the user chose their own; true when applied. Call first thing in
    /// `main`, before threads allocate. Linux (glibc) only; elsewhere it does nothing.
    @discardableResult
    public static func keepFreedMemoryForReuse() -> Bool {
        #if os(Linux)
        guard !userChoseMallocSettings(environment: BLAS.currentEnvironment()) else { return false }
        return mallopt(M_MMAP_MAX, 0) == 1 && mallopt(M_TRIM_THRESHOLD, trimThreshold) == 1
        #else
        return false
        #endif
    }

    /// Bytes glibc holds in blocks mapped one by one (`mallinfo2().hblkhd`); 0 off Linux.
    static func directlyMappedBytes() -> Int {
        #if os(Linux)
        Int(mallinfo2().hblkhd)
        #else
        0
        #endif
    }
}
