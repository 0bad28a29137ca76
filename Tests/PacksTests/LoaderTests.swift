import Testing
import LuaRuntime
@testable import Packs

/// Loads `files` as packs and returns the definitions (kind:id@location) or the error text.
private func load(_ files: [String: String], packs: [String], overrides: [String] = []) async throws -> Result<[String], PackError> {
    let tree = try PackTree(files)
    defer { tree.remove() }
    return try await packThread.perform {
        do {
            let resolved = try PackResolver(search: PackSearchPath(packPath: [tree.root])).resolve(packs.map { tree.path($0) })
            let params = try ParamSet(packs: resolved, overrides: overrides)
            let state = try LuaState()
            let loaded = try PackLoader(state: state, params: params).load(resolved)
            return .success(loaded.definitions.map { "\($0.kind):\($0.id ?? "-")@\($0.location)" })
        } catch let error as PackError {
            return .failure(error)
        }
    }
}

func loadError(_ script: String, extraManifest: String = "") async throws -> String {
    let result = try await load([
        "p/pack.lua": PackTree.manifest("p", extra: extraManifest), "p/defs.lua": script,
        "p/lib/codes/cpt.lua": "return { visit = function(code) return code:sub(1, 2) == '99' end }",
    ], packs: ["p"])
    switch result {
    case .success(let ids): return "loaded \(ids)"
    case .failure(let error): return error.description
    }
}

@Suite struct LoaderTests {
    static let standard = """
        role { id = "utilization_review", title = "Utilization review" }
        policy { id = "PA-ELIG-01", title = "Eligibility verified", dataset = "encounters", role = "patient_access",
                 staff = "registered_by", amount = "total_charge",
                 check = function(e) if not e.eligibility_verified_at then return "never verified" end end }
        kpi { id = "clean_claim_rate", title = "Clean claim rate", hfma = "CL-1", unit = "percent",
              target = { at_least = param("target") }, period = "submitted_at",
              numerator = count("claims", function(c) return c.clean end), denominator = count("claims") }
        kpi { id = "charge_lag_days", title = "Charge lag", unit = "days",
              measures = { lag = sum("charges", function(ch) return date.days(ch.service_date, ch.posted_at) end), lines = count("charges") },
              value = function(m) return m.lag / m.lines end }
        threshold { id = "PA-PROF", role = "patient_access", skill = "registration", at_least = 0.85, courses = { "RCM-101" } }
        attribution { carc = { ["197"] = { category = "authorization", role = "patient_access" }, ["45"] = { denial = false } },
                      staff = { coding = "claim.coded_by" } }
        """

    @Test func definitionsAreCapturedWithTheirPlace() async throws {
        let result = try await load([
            "standard/pack.lua": PackTree.manifest("standard", extra: "params = { target = { default = 0.95 } }"),
            "standard/defs.lua": Self.standard,
        ], packs: ["standard"])
        #expect(try result.get() == [
            "role:utilization_review@standard/defs.lua:1",
            "policy:PA-ELIG-01@standard/defs.lua:2",
            "kpi:clean_claim_rate@standard/defs.lua:5",
            "kpi:charge_lag_days@standard/defs.lua:8",
            "threshold:PA-PROF@standard/defs.lua:11",
            "attribution:-@standard/defs.lua:12",
        ])
    }

    @Test(arguments: [
        ("kpi { id = 'x', title = 'X', unit = 'percent', numerator = count('claims'), target = { above = 1 } }",
         "kpi 'x' in p/defs.lua:1: unknown field 'target.above'; the fields are at_least, at_most"),
        ("kpi { id = 'x', title = 'X', unit = 'percent', numerator = count('claims'), target = {} }",
         "kpi 'x' in p/defs.lua:1: target must be a table with at_least or at_most"),
        ("kpi { id = 'x', title = 'X', unit = 'percentage', numerator = count('claims') }",
         "unit must be one of \"percent\", \"ratio\", \"days\", \"currency\", \"count\", not \"percentage\""),
        ("kpi { id = 'x', title = 'X', unit = 'ratio', numerator = 5 }", "numerator must be a measure"),
        ("kpi { id = 'x', title = 'X', unit = 'ratio', measures = { a = count('claims') } }", "measures need value"),
        ("\n\npolicy { id = 'P', title = 'T', dataset = 'claims', role = 'coding' }", "policy 'P' in p/defs.lua:3: check is required"),
        ("policy { id = 'P', title = 'T', dataset = 'claims', role = 'coding', chek = function() end, check = print }",
         "unknown field 'chek' (did you mean 'check'?)"),
        ("policy { id = 'P', title = 'T', dataset = 'claims', role = 'coding', check = print, severity = 'fatal' }",
         "severity must be one of \"error\", \"warning\""),
        ("threshold { id = 'T', role = 'coding', skill = 'coding' }", "skill needs at_least"),
        ("threshold { id = 'T', role = 'coding', skill = 'coding', at_least = 85 }", "at_least is a score between 0 and 1"),
        ("policy 'P'", "policy expects one table"),
        ("kpi { id = 'x', title = 'X', unit = 'count', numerator = count(42) }", "p/defs.lua:1: count(dataset, …): the first argument must be a dataset name"),
        ("local t = param('nope')", "no param 'nope' is declared"),
        ("local d = date.as_of()", "date.as_of() is not known while packs load"),
        ("require('missing')", "require(\"missing\"): pack 'p': lib/missing.lua does not exist"),
        ("require('../etc/passwd')", "is not a module name"),
        ("for i = 1, 10001 do role { id = 'r' .. i, title = 'R' } end", "too many definitions (more than 10000 in one pack)"),
        ("x = 1 +", "p/defs.lua:1:"),
        ("attribution { carc = { ['16'] = { role = 'billing' } } }\nattribution { override = { '29' }, carc = { ['29'] = { role = 'billing' } } }",
         "p/defs.lua:2: attribution override names '29', which no loaded pack defines"),
    ])
    func constructorAndHelperErrorsPointAtFileAndLine(script: String, expected: String) async throws {
        let message = try await loadError(script)
        #expect(message.contains(expected), "\(message)")
    }

    @Test func helpersWorkWhileLoading() async throws {
        let message = try await loadError("""
            local lib = require('codes.cpt')
            assert(require('codes.cpt') == lib, 'modules load once')
            assert(lib.visit('99213'), 'module works')
            assert(param('target') == 0.9, 'number param')
            local codes = param('codes')
            assert(#codes == 2 and codes[2] == 'b', 'list param')
            assert(param('tf_days', 'UHC') == 90 and param('tf_days', 'X') == 365, 'map param')
            assert(date.days('2025-01-31', '2025-03-01T08:00:00') == 29)
            assert(date.add_months('2025-01-31', 1) == '2025-02-28')
            assert(date.month('2025-07-04') == '2025-07' and date.month_end('2024-02-10') == '2024-02-29')
            assert(date.weekday('2025-12-01') == 1 and date.years('2000-02-29', '2025-02-28') == 24)
            assert(date.fiscal_year('2025-08-01', 7) == 2026 and date.days(nil, '2025-01-01') == nil)
            role { id = 'ok', title = 'OK' }
            """, extraManifest: """
            params = { target = { default = 0.9 }, codes = { type = 'list', default = { 'a', 'b' } },
                       tf_days = { type = 'map', of = 'int', default = 365, entries = { UHC = 90 } } }
            """)
        #expect(message == "loaded [\"role:ok@p/defs.lua:13\"]")
    }

    @Test func idsAreOneNamespaceAndOverridesAndDisablesApply() async throws {
        let base = "policy { id = 'P1', title = 'T', dataset = 'claims', role = 'coding', check = function() end }\nrole { id = 'R1', title = 'R' }"
        let duplicate = try await load([
            "base/pack.lua": PackTree.manifest("base"), "base/a.lua": base,
            "org/pack.lua": PackTree.manifest("org", requires: ["base"]),
            "org/b.lua": "kpi { id = 'P1', title = 'K', unit = 'count', numerator = count('claims') }",
        ], packs: ["org"])
        guard case .failure(let error) = duplicate else { Issue.record("duplicate accepted"); return }
        #expect(error.description == "kpi 'P1' in org/b.lua:1: the id is already used by policy 'P1' in base/a.lua:1; rename it, or say override = true to replace it")
        let overridden = try await load([
            "base/pack.lua": PackTree.manifest("base"), "base/a.lua": base,
            "org/pack.lua": PackTree.manifest("org", requires: ["base"], extra: "disable = { 'R1' }"),
            "org/b.lua": "policy { id = 'P1', title = 'Mine', dataset = 'claims', role = 'coding', check = function() end, override = true }",
        ], packs: ["org"])
        #expect(try overridden.get() == ["policy:P1@org/b.lua:1"])
        let dangling = try await load([
            "base/pack.lua": PackTree.manifest("base", extra: "disable = { 'NOPE' }"), "base/a.lua": base,
        ], packs: ["base"])
        guard case .failure(.unknownTarget(_, "disable", "NOPE")) = dangling else { Issue.record("\(dangling)"); return }
    }

    @Test func globalsAreReadOnlyAfterLoading() async throws {
        let tree = try PackTree(["p/pack.lua": PackTree.manifest("p"), "p/a.lua": "lookup = { a = 1 }\nfunction bump() lookup.a = 2 end"])
        defer { tree.remove() }
        let message = try await packThread.perform {
            let resolved = try PackResolver(search: PackSearchPath()).resolve([tree.path("p")])
            let state = try LuaState()
            let loaded = try PackLoader(state: state, params: try ParamSet(packs: resolved, overrides: [])).load(resolved)
            do { try state.run("bump()", chunk: "p/callback.lua", in: loaded.environments["p"]!); return "modified" }
            catch let error as ScriptError { return error.message }
        }
        #expect(message.contains("read-only"))
    }
}
