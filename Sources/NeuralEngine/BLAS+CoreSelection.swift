#if canImport(Glibc)
import Glibc
#endif

extension BLAS {
    /// OpenBLAS kernel families that mean "CPU not recognised": the generic x86-64 fallbacks.
    static let genericCoreNames: Set<String> = ["prescott", "core2", "penryn", "dunnington", "nehalem", "atom", "katmai", "coppermine", "northwood", "banias", "unknown"]

    /// The `OPENBLAS_CORETYPE` this process should run with, or nil when OpenBLAS's own choice is fine.
    ///
    /// OpenBLAS (DYNAMIC_ARCH builds, such as Debian's 0.3.21) picks its kernels from the CPUID family
    /// and model when the library loads; on CPUs it does not know (e.g. a VM's "Intel Xeon Processor")
    /// it falls back to the SSE3 `Prescott` kernels, 3–5× slower for SGEMM. This returns `SkylakeX`
    /// when the kernel reports AVX-512 F/BW/DQ/VL (`/proc/cpuinfo` flags, which Linux clears when the
    /// OS does not save the AVX-512 state), `Haswell` for AVX2 + FMA, and nil when OpenBLAS already
    /// chose a non-generic core, when `OPENBLAS_CORETYPE` is already set (the user's choice, even
    /// empty), or when the flags cannot be read. Linux only.
    public static func recommendedCoreType(environment: [String: String], cpuFlags: Set<String>?, currentCore: String) -> String? {
        guard environment["OPENBLAS_CORETYPE"] == nil else { return nil }
        guard genericCoreNames.contains(currentCore.lowercased()), let flags = cpuFlags else { return nil }
        if ["avx512f", "avx512bw", "avx512dq", "avx512vl"].allSatisfy(flags.contains) { return "SkylakeX" }
        if ["avx2", "fma"].allSatisfy(flags.contains) { return "Haswell" }
        return nil
    }

    /// The CPU feature flags of the first processor in `/proc/cpuinfo`, or nil where there is none.
    public static func cpuFlags(cpuinfo path: String = "/proc/cpuinfo") -> Set<String>? {
        #if os(Linux)
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var line: UnsafeMutablePointer<CChar>? = nil
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0, let line {
            let text = String(cString: line)
            guard text.hasPrefix("flags"), let colon = text.firstIndex(of: ":") else { continue }
            return Set(text[text.index(after: colon)...].split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init))
        }
        return nil
        #else
        return nil
        #endif
    }

    /// `OPENBLAS_THREAD_TIMEOUT` when the user set none: idle OpenBLAS workers spin 2^4 times, the
    /// fewest OpenBLAS allows, before they sleep. With its default (2^28) they spin calling
    /// `sched_yield` long after each threaded call, taking the cores from the threads that run an LSTM's
    /// two directions with single-threaded per-step GEMMs: 12 % of the CPU samples of a batch-16
    /// forward and gradient were `sched_yield`, and the forward pass was 10 % (batch 16) to 25 %
    /// (batch 1) faster without it.
    static let threadTimeout = "4"

    /// The OpenBLAS variables this process should run with and does not yet: `OPENBLAS_CORETYPE` from
    /// `recommendedCoreType`, and `OPENBLAS_THREAD_TIMEOUT` (`threadTimeout`) unless the user set it or
    /// its older name `GOTO_THREAD_TIMEOUT`. Empty when there is nothing to change.
    public static func recommendedEnvironment(environment: [String: String], cpuFlags: Set<String>?, currentCore: String) -> [String: String] {
        var additions: [String: String] = [:]
        if let core = recommendedCoreType(environment: environment, cpuFlags: cpuFlags, currentCore: currentCore) {
            additions["OPENBLAS_CORETYPE"] = core
        }
        if environment["OPENBLAS_THREAD_TIMEOUT"] == nil, environment["GOTO_THREAD_TIMEOUT"] == nil {
            additions["OPENBLAS_THREAD_TIMEOUT"] = threadTimeout
        }
        return additions
    }

    /// Re-executes the current program with the variables of `recommendedEnvironment` set, since
    /// OpenBLAS reads them once, when the library loads; returns normally (doing nothing) when there
    /// is nothing to set or if the exec fails.
    ///
    /// Call first thing in `main`, before any thread starts: the new image replaces this process (same
    /// pid, arguments, and the environment plus the variables). The variables being set afterwards is
    /// what stops a second re-exec. Results are identical up to float rounding order: the importer
    /// fixture tests pass with `OPENBLAS_CORETYPE=SkylakeX` on OpenBLAS 0.3.21.
    public static func reexecWithRecommendedSettingsIfNeeded() {
        #if os(Linux)
        let additions = recommendedEnvironment(environment: currentEnvironment(), cpuFlags: cpuFlags(), currentCore: coreName)
        guard !additions.isEmpty else { return }
        for (name, value) in additions { setenv(name, value, 1) }
        let arguments = CommandLine.unsafeArgv
        execv("/proc/self/exe", arguments)
        for name in additions.keys { unsetenv(name) }  // exec failed: carry on with OpenBLAS's own settings
        #endif
    }

    static func currentEnvironment() -> [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return result
    }
}
