import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

@testable import Server

/// Compute lanes run work in order, on threads below normal priority, and hand back results and errors.
struct ComputeLanesTests {
    struct Refused: Error, Equatable {}

    @Test func eachLaneRunsAtItsLoweredPriority() async throws {
        let lanes = ComputeLanes(interactiveLanes: 2)
        #if canImport(Glibc)
        let niceness = { @Sendable () -> Int32 in
            errno = 0
            return getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        }
        let caller = niceness()
        #expect(try await lanes.run(.interactive, niceness) == max(caller, ComputeLanes.interactiveNiceness))
        #expect(try await lanes.run(.interactive, niceness) == max(caller, ComputeLanes.interactiveNiceness))
        #expect(try await lanes.run(.background, niceness) == max(caller, ComputeLanes.jobNiceness))
        #expect(try await lanes.run(.ingest, niceness) == max(caller, ComputeLanes.jobNiceness))
        // The calling thread keeps its own priority.
        #expect(niceness() == caller)
        #endif
    }

    @Test func workRunsInOrderAndErrorsComeBack() async throws {
        let lane = LaneThread(name: "test.lane", niceness: 0)
        defer { lane.stop() }
        let log = LaneLog()
        for index in 0..<50 { lane.async { log.append(index) } }
        await withCheckedContinuation { continuation in lane.async { continuation.resume() } }
        #expect(log.entries == Array(0..<50))

        let lanes = ComputeLanes(interactiveLanes: 1)
        await #expect(throws: Refused.self) { try await lanes.run(.ingest) { () throws -> Int in throw Refused() } }
        #expect(try await lanes.run { 6 * 7 } == 42)
    }
}

final class LaneLog: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int] = []
    func append(_ value: Int) { lock.withLock { values.append(value) } }
    var entries: [Int] { lock.withLock { values } }
}
