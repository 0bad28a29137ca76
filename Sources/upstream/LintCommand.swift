import ArgumentParser
import LuaRuntime
import Packs

/// `upstream lint`: load every script of the packs in the sandbox and check them; no data.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Load packs in the sandbox and check manifests, ids, roles, datasets and field references.",
        discussion: """
            Checks what can be known without data: manifests, requirements, params, every
            definition's fields against the Lua API, and every dataset, role and field a
            definition names against the data model. Exit codes: 0 clean (warnings allowed), \
            2 usage (a bad --param), 3 invalid pack.

            Example:
              upstream lint packs/riverside --pack-path packs/ --param clean_claim_target=0.97
            """
    )

    @Argument(help: "Pack directories (each holds pack.lua).")
    var packs: [String] = []

    @OptionGroup var options: PackOptions

    func run() throws {
        guard !packs.isEmpty else {
            printError("error: name at least one pack directory, like `upstream lint plugins/upstream-standard`")
            throw ExitCode(2)
        }
        let thread = LuaThread(name: "lint")
        let loaded = try PackSession.load(packs, options: options, thread: thread)
        let shipped = ShippedPacks.differences(packs: loaded.packs, scripts: loaded.result.scripts, shipped: options.searchPath.shipped)
        let findings = shipped.map { LintFinding(severity: .warning, location: "packs", message: $0) }
            + PackLinter.findings(packs: loaded.packs, loaded: loaded.result)
        for finding in findings { print(finding.description) }
        let errors = findings.filter { $0.severity == .error }.count
        let definitions = loaded.result.definitions.count
        print("\(loaded.packs.count) pack\(loaded.packs.count == 1 ? "" : "s") (\(loaded.packs.map(\.name).joined(separator: ", "))), "
              + "\(definitions) definition\(definitions == 1 ? "" : "s"), \(errors) error\(errors == 1 ? "" : "s"), "
              + "\(findings.count - errors) warning\(findings.count - errors == 1 ? "" : "s")")
        if errors > 0 { throw ExitCode(3) }
    }
}
