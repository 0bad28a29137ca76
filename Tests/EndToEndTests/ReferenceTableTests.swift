import Foundation
import Testing

/// `reference{}` tables (SPEC section 2): shipped in a pack's ref/ or given with --ref DIR,
/// looked up by key and date, typed, hashed into run.inputs; a table without a file says so.
@Suite struct ReferenceTableTests {
    @Test func lookupsAreTypedDatedAndTheFilesAreInputs() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("refs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let pack = folder.appendingPathComponent("refpack"), refs = folder.appendingPathComponent("licensed")
        try FileManager.default.createDirectory(at: pack.appendingPathComponent("ref"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: refs, withIntermediateDirectories: true)
        try "return { name = 'refpack', version = '1' }".write(to: pack.appendingPathComponent("pack.lua"), atomically: false, encoding: .utf8)
        try "code,name,effective,ended\n11,Office,2020-01-01,\n22,\"On campus, outpatient\",2020-01-01,2025-06-01\n22,On campus (new),2025-06-01,\n"
            .write(to: pack.appendingPathComponent("ref/pos.csv"), atomically: false, encoding: .utf8)
        try "code,modifier,units_max,fee\n99213,25,1,$92.50\n".write(to: refs.appendingPathComponent("cpt_2025.csv"), atomically: false, encoding: .utf8)
        try """
            reference { id = "pos", file = "ref/pos.csv", key = "code", fields = { effective = "date", ended = "date" },
                        valid = { from = "effective", to = "ended" } }
            reference { id = "cpt", file = "ref/cpt_*.csv", key = { "code", "modifier" }, fields = { units_max = "int", fee = "money" } }
            policy { id = "R1", title = "Lookups", dataset = "encounters", role = "patient_access",
              where = function(e) return e.encounter_id == "E0000001" end,
              check = function(e)
                local now, before = ref.get("pos", 22), ref.get("pos", "22", { on = "2024-01-01" })
                local cpt = ref.get("cpt", "99213", 25)
                return table.concat({ now.name, before.name, before.effective, math.type(cpt.units_max), tostring(cpt.fee),
                                      tostring(ref.has("pos", "99")), tostring(ref.get("cpt", "99213", "26")) }, "|")
              end }
            """.write(to: pack.appendingPathComponent("defs.lua"), atomically: false, encoding: .utf8)
        let data = "\(GoldenReportTests.folder)/data"
        let run = try upstream(["run", "--format", "json", "--pack", pack.path, "--data", data, "--ref", refs.path, "--as-of", "2025-12-31"])
        #expect(run.status == 0, "\(run.err)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        let policy = try #require((report["policies"] as? [[String: Any]])?.first)
        let message = (policy["messages"] as? [[String: Any]])?.first?["message"] as? String
        #expect(message == "On campus (new)|On campus, outpatient|2020-01-01|integer|92.5|false|nil")
        let inputs = try #require((report["run"] as? [String: Any])?["inputs"] as? [[String: Any]])
        let refInputs = inputs.filter { ($0["dataset"] as? String)?.hasPrefix("ref:") == true }
        #expect(refInputs.map { $0["dataset"] as? String } == ["ref:cpt", "ref:pos"])
        #expect(refInputs.map { $0["rows"] as? Int } == [1, 3])
        #expect(refInputs.allSatisfy { ($0["sha256"] as? String)?.count == 64 })

        // Without --ref the licensed table has no file: every lookup is a script error that says what to do.
        let bare = try upstream(["run", "--format", "json", "--pack", pack.path, "--data", data])
        let errors = try #require((try JSONSerialization.jsonObject(with: Data(bare.out.utf8)) as? [String: Any])?["script_errors"] as? [[String: Any]])
        #expect(errors.first?["line"] as? Int == 8, "the place is the script line, not the helper")
        #expect((errors.first?["message"] as? String)?.contains("reference 'cpt' has no file: no 'ref/cpt_*.csv' in its pack, and none in a --ref DIR") == true,
                "\(errors)")
    }
}

/// `field{}` filled by a mapping (SPEC section 5): the mapped column is typed by the
/// declaration (a date format applies to a date field), lint accepts it, and it reads by name.
@Suite struct MappedTypedFieldTests {
    @Test func aMappingFillsADeclaredField() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("typed-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let pack = folder.appendingPathComponent("adt"), data = folder.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: pack, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try "return { name = 'adt', version = '1' }".write(to: pack.appendingPathComponent("pack.lua"), atomically: false, encoding: .utf8)
        try """
            field { dataset = "encounters", name = "arrived_on", type = "date" }
            mapping { id = "adt", datasets = { encounters = { file = "visits.csv", fields = {
              encounter_id = "Visit", patient_id = "MRN", service_date = { column = "Admit", format = "MM/dd/yyyy" },
              arrived_on = { column = "Arrival", format = "MM/dd/yyyy" } } } } }
            kpi { id = "early", title = "Arrived before admit", unit = "count",
                  numerator = count("encounters", function(e) return date.days(e.arrived_on, e.service_date) > 0 end) }
            """.write(to: pack.appendingPathComponent("defs.lua"), atomically: false, encoding: .utf8)
        try "Visit,MRN,Admit,Arrival\nV1,M1,01/10/2025,01/08/2025\nV2,M2,01/11/2025,01/11/2025\n"
            .write(to: data.appendingPathComponent("visits.csv"), atomically: false, encoding: .utf8)
        let lint = try upstream(["lint", pack.path])
        #expect(!lint.out.contains("arrived_on") && !lint.err.contains("arrived_on"), "\(lint.out)\(lint.err)")
        let run = try upstream(["run", "--format", "json", "--pack", pack.path, "--data", data.path])
        #expect(run.status == 0, "\(run.err)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        let kpi = try #require((report["kpis"] as? [[String: Any]])?.first)
        #expect(kpi["value"] as? Int == 1, "\(kpi)")
    }
}
