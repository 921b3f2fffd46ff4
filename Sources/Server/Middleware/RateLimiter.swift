import Foundation
import Synchronization

/// Token buckets per API token for the expensive endpoints: each holds up to `burst` requests and refills
/// at `perMinute`; a request finding its bucket empty is told how long to wait.
final class RateLimiter: Sendable {
    let perMinute: Double
    let burst: Double
    private let buckets = Mutex<[Int64: (tokens: Double, updated: ContinuousClock.Instant)]>([:])

    init(perMinute: Int, burst: Int) {
        self.perMinute = Double(max(1, perMinute))
        self.burst = Double(max(1, burst))
    }

    /// nil when the request may go ahead (and is counted), else the seconds until it may.
    func admit(tokenID: Int64, now: ContinuousClock.Instant = .now) -> Int? {
        buckets.withLock { buckets in
            var bucket = buckets[tokenID] ?? (burst, now)
            bucket.tokens = min(burst, bucket.tokens + (now - bucket.updated) / .seconds(60) * perMinute)
            bucket.updated = now
            defer { buckets[tokenID] = bucket }
            guard bucket.tokens >= 1 else {
                return Int(((1 - bucket.tokens) * 60 / perMinute).rounded(.up))
            }
            bucket.tokens -= 1
            return nil
        }
    }
}
