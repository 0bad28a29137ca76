import Foundation
import Testing
import Engine

/// `loaded`, `has_field` and `thresholds(role)` in callbacks of a run: answered from the data
/// and from the finished load.
@Suite struct DataHelperTests {
    @Test func callbacksAskWhatTheInputHoldsAndReadThresholds() async throws {
        let results = try await runEngine(files: [
            "encounters.csv": "encounter_id,patient_id,service_date,auth_number\nE1,P1,2025-01-10,A1\n",
            "charges.csv": "charge_id,encounter_id,service_date,posted_at,amount\nC1,E1,2025-01-10,2025-01-12T10:00:00,10.50\n",
        ], definitions: """
            threshold { id = "CODE-1", role = "coding", skill = "coding", at_least = 0.8, courses = { "RCM-101", "CODE-2" } }
            threshold { id = "PA-1", role = "patient_access", courses = { "RCM-101" } }
            threshold { id = "CODE-2", role = "coding", skill = "audit", at_least = 0.9, max_age_days = 365 }
            policy { id = "FACTS", title = "Facts", dataset = "encounters", role = "patient_access",
                     check = function(e)
                       return table.concat({ tostring(loaded("charges")), tostring(loaded("claims")),
                         tostring(has_field("encounters.auth_number")), tostring(has_field("encounters.member_id")),
                         tostring(has_field("charges.amount_cents")), tostring(has_field("encounters.total_charge")) }, ",")
                     end }
            policy { id = "THRESHOLDS", title = "Thresholds", dataset = "encounters", role = "coding",
                     check = function(e)
                       local t = thresholds("coding")
                       local first = t[1]
                       local ok, problem = pcall(function() first.at_least = 0 end)
                       return table.concat({ #t, first.id, first.skill, first.at_least, #first.courses, first.courses[2],
                         t[2].id, t[2].max_age_days, #thresholds("billing"), tostring(ok), problem }, ",")
                     end }
            """)
        let messages = results.policies.map { $0.failures.first?.message ?? $0.errors.first?.message ?? "" }
        #expect(messages[0] == "true,false,true,false,true,true")
        #expect(messages[1].hasPrefix("2,CODE-1,coding,0.8,2,CODE-2,CODE-2,365,0,false,"), "\(messages[1])")
        #expect(messages[1].hasSuffix("thresholds are read-only"), "\(messages[1])")
    }
}
