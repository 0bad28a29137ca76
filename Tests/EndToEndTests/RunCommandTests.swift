import Foundation
import Testing

/// `upstream run` on a generated organization: a valid SPEC section 6 report, the same whatever
/// `--jobs`, and `--check` exit codes.
@Suite struct RunCommandTests {
    @Test func reportIsCompleteValidAndIndependentOfJobs() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("run-e2e-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let pack = folder.appendingPathComponent("riverside")
        try FileManager.default.createDirectory(at: pack, withIntermediateDirectories: true)
        #expect(try upstream(["generate", "--out", folder.appendingPathComponent("data").path, "--encounters", "1500", "--seed", "5"]).status == 0)
        try "return { name = 'riverside', version = '1.0', set = { rework_cost_per_claim = 25 } }"
            .write(to: pack.appendingPathComponent("pack.lua"), atomically: false, encoding: .utf8)
        try """
            policy { id = "PA-ELIG", title = "Eligibility verified", dataset = "encounters", role = "patient_access",
                     staff = "registered_by", amount = "total_charge",
                     check = function(e)
                       if e.encounter_id == "E0000001" then log("checked", e.encounter_id) end
                       if not e.eligibility_verified_at then return "never verified" end
                     end }
            kpi { id = "paid_share", title = "Paid claims", unit = "percent", period = "submitted_at", target = { at_least = 0.99 },
                  numerator = count("claims", function(c) return c.paid > 0 end), denominator = count("claims") }
            kpi { id = "denials", title = "Denied", unit = "percent", numerator = count("claims", { denied = true }), denominator = count("claims", { denied = present() }) }
            kpi { id = "clean", title = "Clean", unit = "percent", numerator = count("claims", { clean = true }), denominator = count("claims", { clean = present() }) }
            threshold { id = "PA-PROF", role = "patient_access", skill = "registration", at_least = 0.85 }
            attribution { carc = { ["45"] = { denial = false }, ["197"] = { category = "authorization", role = "patient_access" } } }
            """.write(to: pack.appendingPathComponent("defs.lua"), atomically: false, encoding: .utf8)
        let data = folder.appendingPathComponent("data").path
        let one = try upstream(["run", "--format", "json", "--pack", pack.path, "--data", data, "--jobs", "1"])
        let two = try upstream(["run", "--format", "json", "--pack", pack.path, "--data", data, "--jobs", "2"])
        #expect(one.status == 0, "\(one.err)")
        func withoutClock(_ text: String) -> String { text.split(separator: "\n").filter { !$0.contains("\"started_at\"") }.joined(separator: "\n") }
        #expect(withoutClock(one.out) == withoutClock(two.out))
        let report = try #require(try JSONSerialization.jsonObject(with: Data(one.out.utf8)) as? [String: Any])
        #expect(Array(report.keys).sorted() == ["attribution", "data_quality", "kpis", "logs", "policies", "proficiency", "run", "schema_version", "script_errors"])
        let policy = try #require((report["policies"] as? [[String: Any]])?.first)
        #expect(policy["id"] as? String == "PA-ELIG" && (policy["evaluated"] as? Int) == 1500 && (policy["failed"] as? Int ?? 0) > 0)
        let impact = try #require(((report["proficiency"] as? [String: Any])?["impact"] as? [[String: Any]])?.first)
        let below = try #require(impact["below"] as? [String: Any]), above = try #require(impact["at_or_above"] as? [String: Any])
        #expect(impact["role"] as? String == "patient_access")
        #expect((below["records"] as? Int ?? 0) + (above["records"] as? Int ?? 0) > 0 && (below["records"] as? Int ?? 0) <= 1500)
        let logs = try #require(report["logs"] as? [[String: Any]])
        #expect(logs.count == 1 && logs.first?["id"] as? String == "PA-ELIG" && logs.first?["record"] as? String == "E0000001"
                && logs.first?["message"] as? String == "checked E0000001", "\(logs)")
        let kpis = try #require(report["kpis"] as? [[String: Any]])
        for id in ["clean", "denials"] {
            let value = try #require(kpis.first { $0["id"] as? String == id }?["value"] as? Double, "\(id) has a value")
            #expect(value > 0 && value < 1, "\(id) = \(value)")
        }
        let totals = try #require((report["attribution"] as? [String: Any])?["totals"] as? [String: Any])
        #expect((totals["denials"] as? Int ?? 0) > 0)
        let checked = try upstream(["run", "--format", "json", "--pack", pack.path, "--data", data, "--check", "--out", folder.appendingPathComponent("r.json").path])
        #expect(checked.status == 1, "paid_share misses 0.99: \(checked.err)")
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("r.json").path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try upstream(["run", "--format", "json", "--pack", pack.path, "--data", data, "--as-of", "2025-02-30"]).status == 2)
    }
}

@Suite struct FindingsTests {
    @Test func findingsAreACompleteWorkListWithHostileTextNeutralized() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("findings-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let pack = folder.appendingPathComponent("hostile")
        try FileManager.default.createDirectory(at: pack, withIntermediateDirectories: true)
        try "return { name = 'hostile', version = '1' }".write(to: pack.appendingPathComponent("pack.lua"), atomically: false, encoding: .utf8)
        try """
            policy { id = "H1", title = "Hostile", dataset = "encounters", role = "patient_access", staff = "registered_by",
                     check = function(e) if e.encounter_id == "E0000003" then return '=HYPERLINK("x"),\\n\\27[31mred' end end }
            """.write(to: pack.appendingPathComponent("defs.lua"), atomically: false, encoding: .utf8)
        let findings = folder.appendingPathComponent("findings.csv").path
        let run = try upstream(["run", "--pack", pack.path, "--data", "\(GoldenReportTests.folder)/data", "--findings", findings])
        #expect(run.status == 0, "\(run.err)")
        let text = try String(contentsOfFile: findings, encoding: .utf8)
        #expect(text.hasPrefix("policy_id,severity,role,dataset,record_id,encounter_id,claim_id,staff_id,staff_name,message,amount,month\n"))
        #expect(text.contains(",\"'=HYPERLINK(\"\"x\"\"),\n[31mred\","), "\(text)")
        let attributes = try FileManager.default.attributesOfItem(atPath: findings)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(!run.out.contains("\u{1B}"), "the text report strips control characters")
    }
}
