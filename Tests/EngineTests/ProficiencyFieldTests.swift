import Foundation
import Testing
import Engine

/// `staff.proficiency` in KPIs: the host's status, latest scores and missing courses as
/// frozen tables; in policies an error.
@Suite struct ProficiencyFieldTests {
    @Test func kpisReadEachPersonsStatusScoresAndMissingCourses() async throws {
        let results = try await runEngine(files: [
            "staff.csv": "staff_id,name,role\nS1,Ana,coding\nS2,Bo,coding\nS3,Cy,billing\n",
            "assessments.csv": "staff_id,skill,assessed_on,score\nS1,coding,2025-01-05,0.7\nS2,coding,2025-01-05,0.95\n",
            "training.csv": "staff_id,course_id,completed_on\nS2,RCM-101,2025-01-02\n",
        ], definitions: """
            threshold { id = "CODE", role = "coding", skill = "coding", at_least = 0.8, courses = { "RCM-101" } }
            kpi { id = "described", title = "Described", unit = "count",
                  numerator = count("staff", function(s)
                    local p = s.proficiency
                    if s.staff_id == "S1" then
                      return p.status == "below" and p.scores.coding == 0.7 and #p.courses_missing == 1 and p.courses_missing[1] == "RCM-101"
                    elseif s.staff_id == "S2" then
                      return p.status == "at_or_above" and p.scores.coding == 0.95 and #p.courses_missing == 0
                    end
                    return p == nil
                  end) }
            kpi { id = "frozen", title = "Frozen", unit = "count",
                  numerator = count("staff", function(s) if s.proficiency then s.proficiency.status = "x" end end) }
            policy { id = "READS", title = "Reads", dataset = "staff", role = "coding", check = function(s) return s.proficiency end }
            """)
        let kpis = Dictionary(uniqueKeysWithValues: results.kpis.map { ($0.id, $0) })
        #expect(kpis["described"]?.overall?.value == 3)
        #expect(kpis["frozen"]?.errors == 2)
        #expect(results.policies.first?.errors.first?.message == "staff.proficiency is readable in KPIs and refine only")
    }

    @Test func refineReadsTheCodersStatus() async throws {
        let results = try await runEngine(files: [
            "staff.csv": "staff_id,name,role\nS1,Ana,coding\n",
            "assessments.csv": "staff_id,skill,assessed_on,score\nS1,coding,2025-01-05,0.7\n",
            "encounters.csv": "encounter_id,patient_id,service_date\nE1,P1,2025-01-10\n",
            "claims.csv": "claim_id,encounter_id,total_charge,coded_by\nK1,E1,100,S1\n",
            "remits.csv": "remit_id,claim_id,received_on,paid\nR1,K1,2025-01-20,0\n",
            "adjustments.csv": "claim_id,remit_id,group_code,carc,amount\nK1,R1,CO,16,100\n",
        ], definitions: """
            threshold { id = "CODE", role = "coding", skill = "coding", at_least = 0.8 }
            attribution {
              carc = { ["16"] = { category = "coding", role = "coding" } },
              refine = function(adj, claim, ctx)
                local p = claim.coded_by_staff.proficiency
                return { category = ctx.category .. "/" .. p.status }
              end,
            }
            """)
        #expect(results.attribution?.adjustments.map(\.category) == ["coding/below"])
        #expect(results.attribution?.refineErrors.isEmpty == true)
    }
}
