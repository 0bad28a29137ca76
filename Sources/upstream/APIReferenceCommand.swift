import ArgumentParser
import Packs

/// `upstream api-reference`: prints docs/lua-api.md from the registry (for maintainers).
struct APIReferenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api-reference",
        abstract: "Print the Lua API reference (docs/lua-api.md) generated from the registry.",
        discussion: "Example:\n  upstream api-reference > docs/lua-api.md",
        shouldDisplay: false
    )

    func run() { print(Registry.markdown(), terminator: "") }
}
