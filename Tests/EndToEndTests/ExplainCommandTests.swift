import Foundation
import Testing

/// `upstream explain` on a small hand-made organization whose every answer is known: a claim
/// denied for authorization, a RARC that overrides its CARC, an encounter with two claims,
/// unknown ids, the JSON shape, and hostile text from a pack.
@Suite final class ExplainCommandTests {
    /// Each test has its own instance and folder, removed when the test ends.
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("explain-\(UUID().uuidString)")

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Writes the organization and the pack `rv` into this test's folder; returns their paths.
    func organization() throws -> (data: String, pack: String) {
        let data = folder.appendingPathComponent("data"), pack = folder.appendingPathComponent("rv")
        for directory in [data, pack] { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
        let files = [
            "staff.csv": """
                staff_id,name,role
                REG1,Ann Lee,patient_access
                REG2,Bo Chan,patient_access
                COD1,Cy Diaz,coding
                BIL1,Di Evans,billing
                ENT1,Ed Fox,charge_capture

                """,
            "assessments.csv": "staff_id,skill,assessed_on,score\nREG1,registration,2025-01-01,0.70\nREG2,registration,2025-01-01,0.95\n",
            "encounters.csv": """
                encounter_id,patient_id,scheduled_at,service_date,registered_by,eligibility_verified_at,auth_required,auth_obtained_at
                E1,P1,2025-01-05T08:00:00,2025-01-10,REG1,2025-01-12T09:00:00,true,
                E2,P2,,2025-01-11,REG2,2025-01-09T10:00:00,false,

                """,
            "charges.csv": """
                charge_id,encounter_id,claim_id,service_date,posted_at,code,amount,entered_by
                C1,E1,K1,2025-01-10,2025-01-11T10:00:00,99213,300,ENT1
                C2,E1,K2,2025-01-10,2025-01-20T10:00:00,J1100,200,ENT1
                C3,E2,K3,2025-01-11,2025-01-11T15:00:00,99214,150,ENT1

                """,
            "claims.csv": """
                claim_id,encounter_id,payer_id,final_billed_at,submitted_at,total_charge,coded_by,billed_by
                K1,E1,P01,2025-01-14T16:00:00,2025-01-15T12:00:00,300,COD1,BIL1
                K2,E1,P01,2025-01-21T16:00:00,2025-01-22T12:00:00,200,COD1,BIL1
                K3,E2,P02,2025-01-12T16:00:00,2025-01-13T12:00:00,150,COD1,BIL1
                K4,E2,P02,,,80,COD1,BIL1

                """,
            "remits.csv": """
                remit_id,claim_id,received_on,paid,claim_status
                R1,K1,2025-02-01,0,denied
                R2,K2,2025-02-05,150,paid
                R3,K3,2025-02-03,0,denied

                """,
            "adjustments.csv": """
                claim_id,remit_id,group_code,carc,rarc,amount
                K1,R1,CO,197,,300
                K2,R2,CO,45,,50
                K3,R3,CO,16,N382,150
                K3,R3,CO,29,,10

                """,
        ]
        for (name, text) in files { try text.write(to: data.appendingPathComponent(name), atomically: false, encoding: .utf8) }
        try "return { name = 'rv', version = '1.0' }".write(to: pack.appendingPathComponent("pack.lua"), atomically: false, encoding: .utf8)
        try """
            attribution { carc = { ["197"] = { category = "authorization", role = "patient_access" }, ["45"] = { denial = false },
                                   ["16"] = { category = "missing_information", role = "billing" } },
                          rarc = { N382 = { category = "registration", role = "patient_access" } } }
            attribution { refine = function(adj, claim, ctx)
                            if adj.carc == "29" and ctx.source == "none" then
                              return { role = "coding", category = "timely_filing", evidence = "coded " .. claim.claim_id .. " late" }
                            end
                          end }
            policy { id = "PA-ELIG", title = "Eligibility verified before service", dataset = "encounters", role = "patient_access",
                     staff = "registered_by",
                     check = function(e)
                       if date.days(e.eligibility_verified_at, e.service_date) < 0 then
                         return { message = "verified after service\\27[2J", code = "LATE" }
                       end
                     end }
            policy { id = "PA-AUTH", title = "Authorization obtained", dataset = "encounters", role = "patient_access",
                     where = { auth_required = true },
                     check = function(e) if not e.auth_obtained_at then return "no authorization on file" end end }
            policy { id = "CC-LAG", title = "Charges posted within 3 days", dataset = "charges", role = "charge_capture",
                     staff = "entered_by",
                     check = function(ch) if date.days(ch.service_date, ch.posted_at) > 3 then return "posted late" end end }
            policy { id = "CC-ERR", title = "A check that breaks on one charge", dataset = "charges", role = "charge_capture",
                     check = function(ch) if ch.charge_id == "C2" then error("cannot read " .. ch.code) end end }
            threshold { id = "PA-PROF", role = "patient_access", skill = "registration", at_least = 0.85 }
            """.write(to: pack.appendingPathComponent("defs.lua"), atomically: false, encoding: .utf8)
        return (data.path, pack.path)
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func claimDeniedForAuthorizationNamesTheRegistrarAndTheEntry() throws {
        let (data, pack) = try organization()
        let text = try upstream(["explain", "--pack", pack, "--data", data, "--claim", "K1", "--jobs", "1"])
        #expect(text.status == 0, "\(text.err)")
        #expect(text.out.hasPrefix("Claim K1 — as of 2025-01-11 — packs: rv\n"), "\(text.out)")
        for expected in [
            "CO-197 $300.00: initial denial → patient_access / authorization, REG1 Ann Lee",
            "why: CARC 197 (pack rv, rv/defs.lua:1)",
            "person: from encounter.registered_by (staff path of patient_access)",
            "encounters E1: FAILED [LATE]: verified after service[2J",
            "encounters E1: FAILED: no authorization on file",
            "charges C1: passed",
            "REG1 Ann Lee, patient_access: below (registration 0.70)",
        ] {
            #expect(text.out.contains(expected), "missing \(expected) in:\n\(text.out)")
        }
        #expect(!text.out.contains("C2"), "another claim's charge is not in this claim's journey")
        #expect(!text.out.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "control characters from packs are stripped")
        #expect(text.out.split(separator: "\n").allSatisfy { $0.count <= 100 })
        // Time order: scheduled, service, charge, eligibility (late), coding, submission, remit, denial.
        let steps = ["scheduled", "service", "charge posted", "eligibility verified", "final billed", "claim submitted", "remit received", "denial"]
        let positions = steps.map { text.out.range(of: " \($0) ")?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil } && positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "\(text.out)")

        let json = try Self.json(try upstream(["explain", "--pack", pack, "--data", data, "--claim", "K1", "--format", "json"]).out)
        let journey = try #require(json["journey"] as? [[String: Any]])
        let denial = try #require(journey.first { $0["step"] as? String == "denial" }?["adjustment"] as? [String: Any])
        #expect(denial["role"] as? String == "patient_access" && denial["category"] as? String == "authorization")
        #expect(denial["staff_id"] as? String == "REG1" && denial["staff_path"] as? String == "encounter.registered_by")
        #expect(denial["reasons"] as? [String] == ["CARC 197 (pack rv, rv/defs.lua:1)"])
    }

    @Test func aRemarkCodeOverridesTheCarcEntry() throws {
        let (data, pack) = try organization()
        let run = try upstream(["explain", "--pack", pack, "--data", data, "--claim", "K3", "--format", "json"])
        #expect(run.status == 0, "\(run.err)")
        let json = try Self.json(run.out)
        #expect((json["claims"] as? [[String: Any]])?.first?["clean"] as? Bool == true)
        let journey = try #require(json["journey"] as? [[String: Any]])
        let adjustment = try #require(journey.first { $0["dataset"] as? String == "adjustments" }?["adjustment"] as? [String: Any])
        #expect(adjustment["carc"] as? String == "16" && adjustment["rarc"] as? [String] == ["N382"])
        #expect(adjustment["role"] as? String == "patient_access" && adjustment["category"] as? String == "registration")
        #expect(adjustment["reasons"] as? [String] == ["CARC 16 (pack rv, rv/defs.lua:1)", "RARC N382 (pack rv, rv/defs.lua:1) overrides"])
        #expect(adjustment["staff_id"] as? String == "REG2")
        let refined = try #require(journey.first { ($0["adjustment"] as? [String: Any])?["carc"] as? String == "29" }?["adjustment"] as? [String: Any])
        #expect(refined["role"] as? String == "coding" && refined["category"] as? String == "timely_filing")
        #expect(refined["reasons"] as? [String] == ["no entry for CARC 29 → unattributed", "refine in pack rv returned evidence: coded K3 late"])
        #expect(refined["staff_id"] as? String == "COD1" && refined["staff_path"] as? String == "claim.coded_by")
    }

    @Test func anEncounterShowsAllItsClaimsAndEveryPolicyResult() throws {
        let (data, pack) = try organization()
        let run = try upstream(["explain", "--pack", pack, "--data", data, "--encounter", "E1", "--format", "json"])
        #expect(run.status == 0, "\(run.err)")
        let json = try Self.json(run.out)
        let claims = try #require(json["claims"] as? [[String: Any]])
        #expect(claims.map { $0["claim_id"] as? String } == ["K1", "K2"])
        #expect(claims.map { $0["denied"] as? Bool } == [true, false])
        #expect(claims.map { $0["clean"] as? Bool } == [false, false], "PA-ELIG failed on their encounter")
        let journey = try #require(json["journey"] as? [[String: Any]])
        #expect(Set(journey.compactMap { $0["dataset"] as? String == "charges" ? $0["record"] as? String : nil }) == ["C1", "C2"])
        let times = journey.compactMap { $0["at"] as? String }
        #expect(times.count == journey.count && times == times.sorted(), "\(times)")
        let contractual = try #require(journey.first { ($0["adjustment"] as? [String: Any])?["carc"] as? String == "45" }?["adjustment"] as? [String: Any])
        #expect(contractual["denial"] as? Bool == false && (contractual["role"] is NSNull))
        #expect((contractual["reasons"] as? [String])?.first == "not a denial: its entry says denial = false")
        let policies = try #require(json["policies"] as? [[String: Any]])
        func statuses(_ id: String) -> [String] {
            ((policies.first { $0["id"] as? String == id }?["records"] as? [[String: Any]]) ?? []).map { "\($0["record"]!) \($0["status"]!)" }
        }
        #expect(policies.map { $0["id"] as? String } == ["CC-ERR", "CC-LAG", "PA-AUTH", "PA-ELIG"])
        #expect(statuses("CC-LAG") == ["C1 passed", "C2 failed"])
        #expect(statuses("CC-ERR") == ["C1 passed", "C2 error"])
        let broken = try #require((policies.first { $0["id"] as? String == "CC-ERR" }?["records"] as? [[String: Any]])?.last)
        #expect(broken["message"] as? String == "cannot read J1100")
        #expect(statuses("PA-ELIG") == ["E1 failed"])
        let other = try Self.json(try upstream(["explain", "--pack", pack, "--data", data, "--encounter", "E2", "--format", "json"]).out)
        let auth = try #require((other["policies"] as? [[String: Any]])?.first { $0["id"] as? String == "PA-AUTH" })
        #expect((auth["records"] as? [[String: Any]])?.first?["status"] as? String == "not_in_scope", "outside where is not a pass")
        let undated = try #require((other["journey"] as? [[String: Any]])?.last)
        #expect(undated["record"] as? String == "K4" && undated["step"] as? String == "claim (no date)" && undated["at"] is NSNull)
        #expect((undated["staff"] as? [[String: Any]])?.compactMap { $0["staff_id"] as? String } == ["COD1", "BIL1"],
                "people of undated steps stay on the record")
        let staff = try #require(json["staff"] as? [[String: Any]])
        let registrar = try #require(staff.first { $0["staff_id"] as? String == "REG1" })
        #expect(registrar["name"] as? String == "Ann Lee" && registrar["role"] as? String == "patient_access")
        let proficiency = try #require(registrar["proficiency"] as? [String: Any])
        #expect(proficiency["status"] as? String == "below" && (proficiency["scores"] as? [String: Double])?["registration"] == 0.7)
    }

    @Test func theJSONKeepsItsDocumentedKeyOrder() throws {
        let (data, pack) = try organization()
        let out = try upstream(["explain", "--pack", pack, "--data", data, "--claim", "K1", "--format", "json"]).out
        let top = ["schema_version", "subject", "as_of", "packs", "claims", "journey", "policies", "staff"]
        #expect(Array(try Self.json(out).keys).sorted() == top.sorted())
        let positions = top.map { out.range(of: "\n  \"\($0)\":")?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil } && positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "\(out)")
        let event = ["\"at\"", "\"dataset\"", "\"record\"", "\"step\"", "\"staff\"", "\"details\"", "\"adjustment\""]
        let denial = try #require(out.range(of: "\"step\": \"denial\""))
        let block = out[out[..<denial.lowerBound].range(of: "\"at\"", options: .backwards)!.lowerBound...]
        let eventPositions = event.map { block.range(of: $0)?.lowerBound }
        #expect(eventPositions.allSatisfy { $0 != nil } && eventPositions.compactMap { $0 } == eventPositions.compactMap { $0 }.sorted())
        let again = try upstream(["explain", "--pack", pack, "--data", data, "--claim", "K1", "--format", "json", "--jobs", "2"]).out
        #expect(again == out, "the same bytes whatever --jobs")
    }

    @Test func unknownIdsAndMissingOrDoubleSubjectsAreUsageErrors() throws {
        let (data, pack) = try organization()
        let unknown = try upstream(["explain", "--pack", pack, "--data", data, "--claim", "NOPE"])
        #expect(unknown.status == 2 && unknown.out.isEmpty)
        #expect(unknown.err.contains("no claim 'NOPE' in the data"), "\(unknown.err)")
        let encounter = try upstream(["explain", "--pack", pack, "--data", data, "--encounter", "E9"])
        #expect(encounter.status == 2 && encounter.err.contains("no encounter 'E9'"))
        #expect(try upstream(["explain", "--pack", pack, "--data", data]).status == 2)
        #expect(try upstream(["explain", "--pack", pack, "--data", data, "--claim", "K1", "--encounter", "E1"]).status == 2)
        let help = try upstream(["explain", "--help"])
        #expect(help.status == 0 && help.out.contains("Example"))
    }

    @Test func cleanIsUnknownForEveryClaimAPolicyRaisedOnNotOnlyTheFirstTen() throws {
        let data = folder.appendingPathComponent("raising"), pack = folder.appendingPathComponent("raise")
        for directory in [data, pack] { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
        let ids = (1...12).map { String(format: "%02d", $0) }
        try ("encounter_id,patient_id,service_date\n" + ids.map { "E\($0),P\($0),2025-01-10\n" }.joined())
            .write(to: data.appendingPathComponent("encounters.csv"), atomically: false, encoding: .utf8)
        try ("claim_id,encounter_id,total_charge\n" + ids.map { "K\($0),E\($0),100\n" }.joined())
            .write(to: data.appendingPathComponent("claims.csv"), atomically: false, encoding: .utf8)
        try "return { name = 'raise', version = '1' }".write(to: pack.appendingPathComponent("pack.lua"), atomically: false, encoding: .utf8)
        try """
            policy { id = "RAISE", title = "Raises", dataset = "claims", role = "billing", check = function(c) error("broken") end }
            """.write(to: pack.appendingPathComponent("p.lua"), atomically: false, encoding: .utf8)
        let run = try upstream(["explain", "--pack", pack.path, "--data", data.path, "--claim", "K12", "--format", "json"])
        #expect(run.status == 0, "\(run.err)")
        let json = try Self.json(run.out)
        #expect((json["claims"] as? [[String: Any]])?.first?["clean"] is NSNull, "the twelfth raising claim has no clean value either")
        let records = (json["policies"] as? [[String: Any]])?.first?["records"] as? [[String: Any]]
        #expect(records?.first?["status"] as? String == "error" && records?.first?["message"] as? String == "broken")
    }
}
