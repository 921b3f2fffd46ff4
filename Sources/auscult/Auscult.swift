import ArgumentParser
import NeuralEngine

@main
struct Auscult: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "auscult",
        abstract: "Inspect sequence models trained on wearable heart data.",
        subcommands: [ServeCommand.self, TokenCommand.self, RunCommand.self, DemoCommand.self, IngestCommand.self, LabelsCommand.self, BenchCommand.self])

    /// Re-executes with OpenBLAS's fast kernels when it did not recognise the CPU and with idle workers
    /// that sleep soon (see `BLAS.reexecWithRecommendedSettingsIfNeeded`), makes the allocator reuse freed tensors' memory
    /// (`AllocatorTuning`), then parses and runs the command.
    static func main() async {
        BLAS.reexecWithRecommendedSettingsIfNeeded()
        AllocatorTuning.keepFreedMemoryForReuse()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
