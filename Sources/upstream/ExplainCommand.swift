import ArgumentParser
import DataModel
import Engine
import Foundation
import Ingest
import LuaRuntime
import Packs

/// `upstream explain`: one claim's or encounter's journey across roles (SPEC section 1).
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show one claim's or encounter's journey: records in time order, policy results, denials and why.",
        discussion: """
            Runs the packs over the exports as `upstream run` does, then follows one claim (or one \
            encounter and all its claims): each record in time order with the people it names, \
            each adjustment with the attribution entry that decided its role, category and person, \
            each policy's result on these records, and the staff involved with their proficiency. \
            --format json prints the same for tools (shape in docs/cli.md).

            Exit codes: 0 ok, 2 usage (including an unknown claim or encounter id), 3 invalid \
            pack, 4 invalid data.

            Example:
              upstream generate --out out/example --encounters 2000 --seed 7
              upstream explain --pack examples/packs/riverside --data out/example --claim CL0000131
              upstream explain --pack examples/packs/riverside --data out/example --encounter E0000131 --format json
            """
    )

    @Option(name: .customLong("pack"), parsing: .singleValue, help: "A pack to run (repeatable); its requires are found on the pack path.")
    var packs: [String] = []

    @Option(help: "The claim to follow (claims.claim_id).")
    var claim: String?

    @Option(help: "The encounter to follow, with all its claims (encounters.encounter_id).")
    var encounter: String?

    @OptionGroup var dataOptions: DataOptions

    @OptionGroup var packOptions: PackOptions

    @OptionGroup var engineOptions: EngineOptions

    @Option(help: "Output format: text (for people) or json (for tools).")
    var format: String = "text"

    @Option(help: "Write the explanation to this file (mode 0600) instead of stdout.")
    var out: String?

    func run() throws {
        guard !packs.isEmpty else { throw usage("name at least one --pack") }
        let subject: ExplainSubject
        switch (claim, encounter) {
        case (let id?, nil): subject = .claim(id)
        case (nil, let id?): subject = .encounter(id)
        default: throw usage("give exactly one of --claim ID or --encounter ID")
        }
        guard format == "json" || format == "text" else { throw usage("--format must be text or json, not '\(format)'") }
        let explanation: Explanation
        do {
            explanation = try Explanation(subject, in: try engineOptions.run(packs: packs, data: dataOptions, packOptions: packOptions))
        } catch let error as ExplainError {
            throw usage(error.description)
        }
        let text = format == "json" ? ExplanationJSON.render(explanation) : ExplanationText.render(explanation)
        guard let out else { print(text, terminator: ""); return }
        do { try ReportFile.write(text, to: out) } catch {
            printError("error: \(error)")
            throw ExitCode(2)
        }
    }

    private func usage(_ message: String) -> ExitCode {
        printError("error: \(message)")
        return ExitCode(2)
    }
}
