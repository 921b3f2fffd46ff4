import ArgumentParser

@main
struct Auscult: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "auscult",
        abstract: "Inspect sequence models trained on wearable heart data.",
        subcommands: [ServeCommand.self, TokenCommand.self, RunCommand.self, DemoCommand.self])
}
