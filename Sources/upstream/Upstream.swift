import ArgumentParser

@main
struct Upstream: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upstream",
        abstract: "Find where revenue-cycle billing failures start.",
        version: "0.1.0",
        subcommands: [RunCommand.self, GenerateCommand.self, ValidateCommand.self, LintCommand.self, TestCommand.self, PackCommand.self,
                      ExplainCommand.self, APIReferenceCommand.self]
    )

    /// Runs the command; usage errors exit 2 as SPEC section 1 says (ArgumentParser uses 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code.rawValue == 64 {
                let message = fullMessage(for: error)
                if !message.isEmpty { printError(message) }
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }
}
