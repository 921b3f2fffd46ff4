/// A bounded least-recently-used cache of computed results in which identical concurrent requests
/// compute once: the second caller awaits the first one's work.
///
/// Each entry costs `cost(value)` units (bytes, by convention); once the total exceeds `capacity` the
/// least recently used entries are dropped. A failed computation is not cached.
actor ResultCache<Value: Sendable> {
    private let capacity: Int
    private let cost: @Sendable (Value) -> Int
    private var entries: [String: (value: Value, cost: Int, lastUse: UInt64)] = [:]
    private var inFlight: [String: Task<Value, any Error>] = [:]
    private var clock: UInt64 = 0
    private(set) var totalCost = 0
    private(set) var hits = 0
    private(set) var misses = 0

    init(capacity: Int, cost: @escaping @Sendable (Value) -> Int) {
        self.capacity = capacity
        self.cost = cost
    }

    /// The cached value for `key`, or the result of `compute` (shared with any concurrent caller of the
    /// same key), stored for next time.
    func value(for key: String, compute: @escaping @Sendable () async throws -> Value) async throws -> Value {
        clock += 1
        if let entry = entries[key] {
            entries[key]?.lastUse = clock
            hits += 1
            return entry.value
        }
        if let task = inFlight[key] {
            hits += 1
            return try await task.value
        }
        misses += 1
        let task = Task { try await compute() }
        inFlight[key] = task
        defer { inFlight[key] = nil }
        let value = try await task.value
        store(value, for: key)
        return value
    }

    /// Drops every entry whose key starts with `prefix` (e.g. all results of a deleted model).
    func removeAll(withPrefix prefix: String) {
        for key in entries.keys where key.hasPrefix(prefix) {
            totalCost -= entries[key]!.cost
            entries[key] = nil
        }
    }

    var count: Int { entries.count }

    private func store(_ value: Value, for key: String) {
        let valueCost = cost(value)
        guard valueCost <= capacity else { return }
        if let old = entries[key] { totalCost -= old.cost }
        entries[key] = (value, valueCost, clock)
        totalCost += valueCost
        while totalCost > capacity, let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
            totalCost -= oldest.value.cost
            entries[oldest.key] = nil
        }
    }
}
