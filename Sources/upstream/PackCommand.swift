import ArgumentParser
import Packs

/// `upstream pack`: pack authoring commands.
struct PackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pack",
        abstract: "Pack authoring: `upstream pack new NAME` makes a pack scaffold.",
        discussion: """
            Example:
              upstream pack new riverside-billing --dir packs/
            """,
        subcommands: [PackNewCommand.self]
    )
}

/// `upstream pack new NAME`: a pack that lints clean and whose test passes.
struct PackNewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a pack scaffold: manifest, one policy, one KPI, one passing test, README.",
        discussion: """
            Creates PARENT/NAME (default PARENT: the current directory) and refuses to touch an \
            existing one. NAME is lowercase letters, digits and '-', starting with a letter. \
            Exit codes: 0 created, 2 usage (a bad name, the folder exists or cannot be written).

            Example:
              upstream pack new riverside-billing --dir packs/
              upstream lint packs/riverside-billing && upstream test packs/riverside-billing
            """
    )

    @Argument(help: "The pack's name, which is also its folder's name.")
    var name: String

    @Option(help: "The folder to create the pack in.")
    var dir: String = "."

    func run() throws {
        do {
            let path = try PackScaffold.create(name: name, in: dir)
            print("created \(path): edit pack.lua, policies.lua and kpis.lua, then `upstream test \(path)`")
        } catch {
            printError("error: \(error)")
            throw ExitCode(2)
        }
    }
}
