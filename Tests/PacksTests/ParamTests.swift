import Testing
@testable import Packs

@Suite struct ParamTests {
    private func params(_ files: [String: String], packs: [String], overrides: [String] = []) async throws -> Result<ParamSet, PackError> {
        let tree = try PackTree(files)
        defer { tree.remove() }
        return try await packThread.perform {
            do {
                let resolved = try PackResolver(search: PackSearchPath(packPath: [tree.root])).resolve(packs.map { tree.path($0) })
                return .success(try ParamSet(packs: resolved, overrides: overrides))
            } catch let error as PackError { return .failure(error) }
        }
    }

    private let layered: [String: String] = [
        "standard/pack.lua": """
            return { name = "standard", version = "2.0", params = {
              clean_claim_target = { default = 0.95, help = "CL-1 target" },
              tf_days = { type = "map", of = "int", default = 365, entries = { MCR = 365, UHC = 90 } },
              go_live = { default = "2025-03-01" },
              codes = { type = "list", default = { "99213", "99214" } },
            } }
            """,
        "riverside/pack.lua": """
            return { name = "riverside", version = "1.0", requires = { "standard" },
              set = { clean_claim_target = 0.97, tf_days = { AETNA = 120 }, rework_cost_per_claim = 25 } }
            """,
    ]

    @Test func setAndParamOverrideInOrder() async throws {
        let set = try await params(layered, packs: ["riverside"],
                                   overrides: ["tf_days.UHC=60", "standard.codes=1,2", "clean_counts_rejections=no"]).get()
        #expect(set.value("clean_claim_target", from: "riverside") == .number(0.97))
        #expect(set.value("tf_days", key: "UHC", from: "riverside") == .int(60))
        #expect(set.value("tf_days", key: "AETNA", from: "riverside") == .int(120))
        #expect(set.value("tf_days", key: "MCR", from: "riverside") == .int(365))
        #expect(set.value("tf_days", key: "BCBS", from: "riverside") == .int(365))
        #expect(set.value("go_live", from: "standard") == .date(days: 20148, text: "2025-03-01"))
        #expect(set.value("codes", from: "standard") == .list([.text("1"), .text("2")]))
        #expect(set.value("rework_cost_per_claim", from: "riverside") == .money(cents: 2500))
        #expect(set.value("clean_counts_rejections", from: "riverside") == .bool(false))
        #expect(set.entries["standard.clean_claim_target"]?.source == "riverside")
    }

    @Test(arguments: [
        ("nope=1", "no loaded pack declares a param 'nope'"),
        ("clean_claim_target=high", "'high' is not a valid number"),
        ("clean_claim_target", "expected NAME=VALUE"),
        ("go_live=2025-02-30", "is not a valid date"),
        ("clean_claim_target.X=1", "not a map"),
    ])
    func badOverridesAreUsageErrors(override: String, expected: String) async throws {
        let result = try await params(layered, packs: ["riverside"], overrides: [override])
        guard case .failure(let error) = result else { Issue.record("accepted \(override)"); return }
        #expect(error.exitCode == 2)
        #expect(error.description.contains(expected), "\(error)")
    }

    @Test func setOfAnUndeclaredParamAndRedeclarationArePackErrors() async throws {
        var files = layered
        files["riverside/pack.lua"] = "return { name = 'riverside', version = '1', requires = { 'standard' }, set = { clean_claim_targt = 1 } }"
        let unknown = try await params(files, packs: ["riverside"])
        guard case .failure(.unknownTarget(let file, "set", "clean_claim_targt")) = unknown else { Issue.record("\(unknown)"); return }
        #expect(file == "riverside/pack.lua")
        files["riverside/pack.lua"] = "return { name = 'riverside', version = '1', requires = { 'standard' }, params = { go_live = { default = '2025-01-01' } } }"
        let redeclared = try await params(files, packs: ["riverside"])
        guard case .failure(let error) = redeclared else { Issue.record("accepted"); return }
        #expect(error.description.contains("already declared by pack 'standard'"))
        #expect(error.exitCode == 3)
    }
}
