import Testing
import LuaRuntime
@testable import Packs

@Suite struct LintTests {
    private func lint(_ files: [String: String]) async throws -> [String] {
        let tree = try PackTree(files)
        defer { tree.remove() }
        return try await packThread.perform {
            let packs = try PackResolver(search: PackSearchPath()).resolve([tree.path("p")])
            let loaded = try PackLoader(state: try LuaState(), params: try ParamSet(packs: packs, overrides: [])).load(packs)
            return PackLinter.findings(packs: packs, loaded: loaded).map(\.description)
        }
    }

    @Test func fieldRolesAndDatasetsAreCheckedAgainstTheDataModel() async throws {
        let findings = try await lint([
            "p/pack.lua": PackTree.manifest("p"), "p/README.md": "# p", "p/tests/basic_test.lua": "",
            "p/defs.lua": """
                policy { id = "A", title = "A", dataset = "encounters", role = "patient_acess", staff = "registerd_by", check = print }
                policy { id = "B", title = "B", dataset = "encounter", role = "coding", check = print }
                policy { id = "C", title = "C", dataset = "claims", role = "coding", where = { clean = true }, amount = "encounter", check = print }
                kpi { id = "K", title = "K", unit = "percent", period = "submitted_at",
                      numerator = count("claims", { failed = "coding", ["encounter.payer_idd"] = "X" }), denominator = count("charges"),
                      by = "payer_id" }
                attribution { carc = { ["16"] = { role = "front_desk" } }, staff = { coding = "claim.coded_by" } }
                mapping { id = "m", datasets = { encounters = { file = "x.csv", fields = { encounter_idd = "Visit" } } } }
                """,
        ])
        #expect(findings == [
            "error: p/defs.lua:1: policy 'A': role 'patient_acess' is not a role; known roles: billing, charge_capture, clinician, coding, credentialing, leadership, patient_access, provider, scheduling (packs add roles with role{})",
            "error: p/defs.lua:1: policy 'A': staff: encounters has no field 'registerd_by' (did you mean 'registered_by'?)",
            "error: p/defs.lua:2: policy 'B': dataset 'encounter' is not a dataset; datasets: staff, encounters, patients, charges, claims, remits, adjustments, payments, training, assessments, workqueue, engagement",
            "error: p/defs.lua:3: policy 'C': amount 'encounter' names a row of encounters, not a field",
            "error: p/defs.lua:3: policy 'C': where key 'clean' comes from policy results and is readable only in KPIs",
            "error: p/defs.lua:4: kpi 'K': numerator where key: encounters has no field 'payer_idd' (did you mean 'payer_id'?)",
            "warning: p/defs.lua:4: kpi 'K': period 'submitted_at' is not a field of charges: denominator is reported overall only",
            "error: p/defs.lua:4: kpi 'K': by (for denominator): charges has no field 'payer_id'",
            "error: p/defs.lua:7: attribution: carc 16 role 'front_desk' is not a role; known roles: billing, charge_capture, clinician, coding, credentialing, leadership, patient_access, provider, scheduling (packs add roles with role{})",
            "error: p/defs.lua:8: mapping 'm': datasets.encounters.fields: 'encounter_idd' is not a field of encounters",
        ])
    }

    @Test func failedNamesAndWindowsAreChecked() async throws {
        let findings = try await lint([
            "p/pack.lua": PackTree.manifest("p"), "p/README.md": "# p", "p/tests/basic_test.lua": "",
            "p/defs.lua": """
                policy { id = "ENC", title = "E", dataset = "encounters", role = "coding", check = print }
                kpi { id = "K", title = "K", unit = "count", numerator = count("claims", { failed = "ENC" }) }
                kpi { id = "L", title = "L", unit = "count", numerator = count("claims", { failed = "codng" }) }
                kpi { id = "M", title = "M", unit = "count", numerator = count("claims", { failed = "coding" }, { window = { trailing_days = 30 } }) }
                """,
        ])
        #expect(findings == [
            "warning: p/defs.lua:2: kpi 'K': numerator where failed 'ENC': that policy checks encounters, so no claims row has its failures",
            "error: p/defs.lua:3: kpi 'L': numerator where failed 'codng' names no policy and no role",
            "error: p/defs.lua:4: kpi 'M': numerator window needs a period: the KPI's period, or options.period",
        ])
    }

    @Test func packsWithoutReadmeOrTestsGetWarnings() async throws {
        let findings = try await lint(["p/pack.lua": PackTree.manifest("p")])
        #expect(findings.count == 2)
        #expect(findings.allSatisfy { $0.hasPrefix("warning: p: no ") })
    }
}
