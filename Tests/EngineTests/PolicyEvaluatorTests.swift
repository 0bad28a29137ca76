import Foundation
import Testing
import DataModel
import Engine
import Ingest
import LuaRuntime
import Packs

/// A pack of policies over a small organization, evaluated on the engine thread.
private func evaluate(_ policies: String, encounters: Int = 6) async throws -> [String: PolicyOutcome] {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policies-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let data = folder.appendingPathComponent("data"), pack = folder.appendingPathComponent("p")
    try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: pack, withIntermediateDirectories: true)
    var rows = "encounter_id,patient_id,service_date,registered_by,eligibility_verified_at\n"
    for i in 1...encounters { rows += "E\(i),P\(i),2025-01-0\(1 + i % 9),\(i % 2 == 0 ? "S1" : "S2"),\(i % 3 == 0 ? "" : "2025-01-01T08:00:00")\n" }
    try rows.write(to: data.appendingPathComponent("encounters.csv"), atomically: false, encoding: .utf8)
    try "charge_id,encounter_id,service_date,posted_at,amount\nC1,E3,2025-01-04,2025-01-05T00:00:00,100.50\nC2,E3,2025-01-04,2025-01-05T00:00:00,20\n"
        .write(to: data.appendingPathComponent("charges.csv"), atomically: false, encoding: .utf8)
    try "staff_id,name,role\nS1,Ana,patient_access\nS2,Bo,patient_access\n".write(to: data.appendingPathComponent("staff.csv"), atomically: false, encoding: .utf8)
    try "return { name = 'p', version = '1' }".write(to: pack.appendingPathComponent("pack.lua"), atomically: false, encoding: .utf8)
    try policies.write(to: pack.appendingPathComponent("policies.lua"), atomically: false, encoding: .utf8)
    let store = try Ingestor.read(paths: [data.path]).store
    let engineData = EngineData(store: store)
    let database = LuaDatabase(engineData)
    let packPath = pack.path
    return try await engineThread.perform {
        let packs = try PackResolver(search: PackSearchPath()).resolve([packPath])
        let state = try LuaState(limits: SandboxLimits(instructionsPerCall: 100_000))
        let loaded = try PackLoader(state: state, params: try ParamSet(packs: packs, overrides: [])).load(packs)
        var registered: [String: RegisteredTable] = [:]
        for (name, table) in database.tables { registered[name] = try state.register(table) }
        var outcomes: [String: PolicyOutcome] = [:]
        for definition in loaded.definitions where definition.kind == "policy" {
            let dataset = definition.table["dataset"]!.string!
            let evaluator = PolicyEvaluator(state: state, data: engineData, table: store.table(dataset)!,
                                            rows: registered[dataset]!, definition: definition)
            outcomes[definition.id!] = evaluator.evaluate(rows: 0..<store.table(dataset)!.rowCount)
        }
        return outcomes
    }
}

@Suite struct PolicyEvaluatorTests {
    @Test func failuresCarryRolePersonMessageAndDollars() async throws {
        let outcomes = try await evaluate("""
            policy { id = "PA-ELIG-01", title = "Eligibility verified", dataset = "encounters", role = "patient_access",
                     staff = "registered_by", amount = "total_charge",
                     check = function(e) if not e.eligibility_verified_at then return "eligibility never verified" end end }
            policy { id = "PA-EVEN", title = "Even rows", dataset = "encounters", role = "patient_access", severity = "warning",
                     where = function(e) return e.registered_by == "S1" end,
                     check = function(e) return { message = "flagged " .. e.encounter_id, code = "X1", amount = 12.5, staff = "S9" } end }
            """)
        let elig = try #require(outcomes["PA-ELIG-01"])
        #expect(elig.evaluated == 6)
        #expect(elig.failures == [
            PolicyFailure(row: 2, role: "patient_access", staffID: "S2", severity: "error", code: nil, message: "eligibility never verified", amountCents: 12050),
            PolicyFailure(row: 5, role: "patient_access", staffID: "S1", severity: "error", code: nil, message: "eligibility never verified", amountCents: 0),
        ])
        #expect(elig.amountAtRisk == 12050)
        let even = try #require(outcomes["PA-EVEN"])
        #expect(even.evaluated == 3)
        #expect(even.failures.map(\.message) == ["flagged E2", "flagged E4", "flagged E6"])
        #expect(even.failures.allSatisfy { $0.code == "X1" && $0.amountCents == 1250 && $0.staffID == "S9" && $0.severity == "warning" })
    }

    @Test func whereTablesAreEvaluatedWithoutLua() async throws {
        let outcomes = try await evaluate("""
            policy { id = "S1", title = "S1 rows", dataset = "encounters", role = "patient_access",
                     where = { registered_by = "S1", eligibility_verified_at = present() }, check = function(e) return e.encounter_id end }
            policy { id = "ANY", title = "Some", dataset = "encounters", role = "patient_access",
                     where = { encounter_id = any_of{ "E1", "E5", "E9" }, ["registered_by_staff.name"] = is_not("Ana") },
                     check = function(e) return e.encounter_id end }
            policy { id = "DATES", title = "Dates", dataset = "encounters", role = "patient_access",
                     where = { service_date = between("2025-01-03", "2025-01-05") }, check = function(e) return e.service_date end }
            policy { id = "ABSENT", title = "Absent", dataset = "encounters", role = "patient_access",
                     where = { auth_required = true }, check = function(e) return "x" end }
            """)
        #expect(outcomes["S1"]?.failures.map(\.message) == ["E2", "E4"])
        #expect(outcomes["S1"]?.evaluated == 2)
        #expect(outcomes["ANY"]?.failures.map(\.message) == ["E1", "E5"])
        #expect(outcomes["DATES"]?.failures.map(\.message) == ["2025-01-03", "2025-01-04", "2025-01-05"])
        #expect(outcomes["ABSENT"]?.skipped == "encounters.auth_required not in the data")
    }

    @Test func absentColumnsSkipAndBadResultsAreGroupedScriptErrors() async throws {
        let outcomes = try await evaluate("""
            policy { id = "AUTH", title = "Auth", dataset = "encounters", role = "patient_access",
                     check = function(e) if e.auth_required then return "x" end end }
            policy { id = "NUM", title = "Number", dataset = "encounters", role = "patient_access",
                     check = function(e) if e.encounter_id == "E1" then return 42 end end }
            policy { id = "BOOM", title = "Boom", dataset = "encounters", role = "patient_access",
                     check = function(e) error("bad row " .. e.encounter_id) end }
            policy { id = "LOOP", title = "Loop", dataset = "encounters", role = "patient_access",
                     check = function(e) while true do end end }
            """, encounters: 120)
        #expect(outcomes["AUTH"]?.skipped == "encounters.auth_required not in the data")
        #expect(outcomes["AUTH"]?.failures.isEmpty == true)
        let number = try #require(outcomes["NUM"])
        #expect(number.errors.map(\.message) == ["check returned a number; return nil or true to pass, false, a message or a table to fail"])
        #expect(number.errors.first?.records == ["E1"] && number.failures.isEmpty && number.evaluated == 120)
        #expect(number.rowErrors.map(\.row) == [0] && number.rowErrors.first?.message == number.errors.first?.message,
                "explain tells a row's error from a pass")
        let boom = try #require(outcomes["BOOM"])
        #expect(boom.disabled == "callbacks failed on 100 rows")
        #expect(boom.errors.count == 100 && boom.errors.first?.message == "bad row E1" && boom.errors.first?.line == 6)
        #expect(boom.rowErrors.map(\.row) == Array(0..<100) && boom.rowErrors.last?.message == "bad row E100")
        #expect(outcomes["LOOP"]?.resumeAt == 1, "a breach ends the state; a fresh one resumes after the row")
        #expect(outcomes["LOOP"]?.errors.first?.message.contains("instruction budget exhausted") == true)
    }
}
