import ArgumentParser

@main
struct Upstream: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upstream",
        abstract: "Find where revenue-cycle billing failures start.",
        version: "0.1.0",
        subcommands: [GenerateCommand.self, ValidateCommand.self, LintCommand.self, APIReferenceCommand.self]
    )
}
