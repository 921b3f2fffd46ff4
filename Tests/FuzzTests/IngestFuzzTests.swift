import Testing

/// The ingest formats, each fuzzed through the upload's own path (`IngestFuzzTargets`).
extension Fuzzing {
    @Test func appleHealthXML() throws {
        try Self.fuzz(try IngestFuzzTargets.appleXML(), minimumOutcomes: 20)
    }

    @Test func xmlTokenizerGivesTheSameEventsHoweverItsInputIsCut() throws {
        try Self.fuzz(try XMLChunkingFuzzTarget.target(), minimumOutcomes: 10)
    }

    @Test func garminFIT() throws {
        try Self.fuzz(try IngestFuzzTargets.fit(), minimumOutcomes: 10)
    }

    @Test func fitbitJSON() throws {
        try Self.fuzz(IngestFuzzTargets.fitbit(), minimumOutcomes: 10)
    }

    @Test func googleFitJSON() throws {
        try Self.fuzz(IngestFuzzTargets.googleFit(), minimumOutcomes: 10)
    }

    @Test func csv() throws {
        try Self.fuzz(IngestFuzzTargets.csv(), minimumOutcomes: 10)
    }

    @Test func zipArchives() throws {
        try Self.fuzz(try IngestFuzzTargets.archive(), minimumOutcomes: 10)
    }
}
