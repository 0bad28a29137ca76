import Foundation
import Testing
import Engine

/// `row.failures` and `row:failed(…)`: the policies' results on a row, readable in KPIs, an
/// error in policies (which run before any result exists).
@Suite struct RowFailuresTests {
    static let files = [
        "encounters.csv": "encounter_id,patient_id,service_date\nE1,P1,2025-01-10\nE2,P2,2025-02-10\nE3,P3,2025-02-11\n",
    ]

    @Test func kpisReadEachRowsFailuresAndAskWhetherAPolicyOrRoleFailed() async throws {
        let results = try await runEngine(files: Self.files, definitions: """
            policy { id = "ONE", title = "One", dataset = "encounters", role = "patient_access",
                     check = function(e) if e.encounter_id ~= "E2" then return { message = "one " .. e.encounter_id, code = "C1" } end end }
            policy { id = "TWO", title = "Two", dataset = "encounters", role = "coding", severity = "warning",
                     check = function(e) if e.encounter_id == "E1" then return "two" end end }
            kpi { id = "failed_one", title = "Failed ONE", unit = "count", numerator = count("encounters", function(e) return e:failed("ONE") end) }
            kpi { id = "failed_coding", title = "Failed coding", unit = "count", numerator = count("encounters", function(e) return e:failed("coding") end) }
            kpi { id = "failures", title = "Failures", unit = "count", numerator = sum("encounters", function(e) return #e.failures end) }
            kpi { id = "described", title = "Described", unit = "count",
                  numerator = count("encounters", function(e)
                    local f = e.failures
                    if #f ~= 2 then return false end
                    local parts = {}
                    for i, failure in ipairs(f) do
                      parts[i] = table.concat({ failure.policy, failure.role, failure.severity, tostring(failure.code), failure.message }, ",")
                    end
                    return table.concat(parts, ";") == "ONE,patient_access,error,C1,one E1;TWO,coding,warning,nil,two"
                  end) }
            kpi { id = "read_only", title = "Read-only", unit = "count",
                  numerator = count("encounters", function(e) e.failures[1].message = "x" end) }
            """)
        let kpis = Dictionary(uniqueKeysWithValues: results.kpis.map { ($0.id, $0) })
        #expect(kpis["failed_one"]?.overall?.value == 2)
        #expect(kpis["failed_coding"]?.overall?.value == 1)
        #expect(kpis["failures"]?.overall?.value == 3)
        #expect(kpis["described"]?.overall?.value == 1)
        #expect(kpis["read_only"]?.errorGroups.first?.message.contains("read-only") == true)
    }

    @Test func policiesCannotReadFailures() async throws {
        let results = try await runEngine(files: Self.files, definitions: """
            policy { id = "READS", title = "Reads failures", dataset = "encounters", role = "patient_access",
                     check = function(e) return #e.failures == 0 end }
            policy { id = "ASKS", title = "Asks", dataset = "encounters", role = "patient_access",
                     check = function(e) return not e:failed("READS") end }
            """)
        let errors = results.policies.map { $0.errors.first?.message }
        #expect(errors == ["row.failures is readable in KPIs and refine only", "row:failed() is readable in KPIs and refine only"])
        #expect(results.policies.allSatisfy { $0.failures.isEmpty && $0.errorCount == 3 })
    }

    /// A refine that reads the policies' failures: answered after the policies, and what the
    /// report, the KPIs and the impact read is that answer.
    @Test func refineReadsThePoliciesFailures() async throws {
        let files = [
            "encounters.csv": """
                encounter_id,patient_id,service_date,registered_by,eligibility_verified_at
                E1,P1,2025-01-02,REG1,
                E2,P2,2025-01-03,REG2,2025-01-01T08:00:00

                """,
            "claims.csv": "claim_id,encounter_id,total_charge,billed_by\nK1,E1,500,BIL1\nK2,E2,300,BIL1\n",
            "remits.csv": "remit_id,claim_id,received_on,paid\nR1,K1,2025-02-01,0\nR2,K2,2025-02-10,0\n",
            "adjustments.csv": "claim_id,remit_id,group_code,carc,amount\nK1,R1,CO,16,500\nK2,R2,CO,16,300\n",
        ]
        let results = try await runEngine(files: files, definitions: """
            policy { id = "ELIG", title = "Eligibility checked", dataset = "encounters", role = "patient_access",
                     check = function(e) if not e.eligibility_verified_at then return "never checked" end end }
            attribution {
              carc = { ["16"] = { category = "missing_information", role = "billing" } },
              refine = function(adj, claim, ctx)
                if claim.encounter:failed("ELIG") then
                  return { role = "patient_access", category = "eligibility", evidence = "ELIG failed on the encounter" }
                end
              end,
            }
            kpi { id = "access_denials", title = "t", unit = "count", numerator = count("adjustments", { denial_role = "patient_access" }) }
            kpi { id = "billing_denials", title = "t", unit = "count",
                  numerator = count("adjustments", function(a) return a.denial_role == "billing" end) }
            """)
        let outcome = try #require(results.attribution)
        #expect(outcome.adjustments.map { "\($0.role)/\($0.category) \($0.staffID ?? "?")" }
                == ["patient_access/eligibility REG1", "billing/missing_information BIL1"])
        #expect(outcome.refineErrors.isEmpty)
        let kpis = Dictionary(uniqueKeysWithValues: results.kpis.map { ($0.id, $0) })
        #expect(kpis["access_denials"]?.overall?.value == 1 && kpis["billing_denials"]?.overall?.value == 1)
    }

    @Test func theIndexGivesEachRowItsRangeInPolicyOrder() throws {
        var first = PolicyOutcome(id: "A")
        first.failures = [PolicyFailure(row: 2, role: "coding", staffID: nil, severity: "error", code: nil, message: "a2", amountCents: nil)]
        var second = PolicyOutcome(id: "B")
        second.failures = [
            PolicyFailure(row: 0, role: "billing", staffID: nil, severity: "warning", code: "X", message: "b0", amountCents: nil),
            PolicyFailure(row: 2, role: "billing", staffID: nil, severity: "warning", code: nil, message: "b2", amountCents: nil),
        ]
        let index = FailureIndex(policies: [second, first], datasets: ["A": "claims", "B": "claims"], rowCounts: ["claims": 4])
        let claims = try #require(index.datasets["claims"])
        #expect(claims.offsets == [0, 1, 1, 3, 3])
        #expect(claims.failures(of: 2).map(\.message) == ["b2", "a2"], "policy order, as the outcomes are given")
        #expect(claims.failures(of: 3).isEmpty && claims.failures(of: 9).isEmpty)
        #expect(index.failed("claims", 0, "B") && index.failed("claims", 2, "coding") && !index.failed("claims", 1, "B"))
        #expect(!index.failed("encounters", 0, "B"))
    }
}
