import DataModel
import Packs

/// The attribution, proficiency and script-error sections of the report.
extension RunReport {
    static func attribution(_ r: RunResults) -> JSONValue {
        let outcome = r.attribution ?? AttributionOutcome()
        var failuresByRole: [String: Int] = [:], failuresByStaff: [String: Int] = [:]
        for policy in r.policies where policy.skipped == nil && policy.disabled == nil {
            for failure in policy.failures {
                failuresByRole[failure.role, default: 0] += 1
                if let staff = failure.staffID { failuresByStaff[staff, default: 0] += 1 }
            }
        }
        let rework: Int64? = {
            if case .money(let cents)? = r.params.value("rework_cost_per_claim", from: ParamSet.hostPack) { return cents }
            return nil
        }()
        func cost(_ claims: Int) -> JSONValue { rework.map { .money(cents: $0 * Int64(claims)) } ?? .null }
        let roles = Set(failuresByRole.keys).union(outcome.byRole.keys).sorted()
        let staffTable = r.data.store.table("staff")
        let names = staffTable?.column("name"), staffRoles = staffTable?.column("role")
        func person(_ id: String) -> (name: JSONValue, role: JSONValue) {
            guard let row = staffTable?.row(withID: id) else { return (.null, .null) }
            return (names?.text(row).map { .string($0) } ?? .null, staffRoles?.text(row).map { .string($0) } ?? .null)
        }
        let people = Set(failuresByStaff.keys).union(outcome.byStaff.keys).sorted()
        var categories: [JSONValue] = []
        for category in outcome.byCategory.keys.sorted() {
            for role in outcome.byCategory[category]!.keys.sorted() {
                let totals = outcome.byCategory[category]![role]!
                categories.append(.object([("category", .string(category)), ("role", .string(role)), ("denials", .int(totals.denials)),
                                           ("denied_amount", .money(cents: totals.deniedAmountCents))]))
            }
        }
        return .object(
            JSONValue.capped("by_role", roles.map { role in
                let totals = outcome.byRole[role] ?? DenialTotals()
                return .object([("role", .string(role)), ("failures", .int(failuresByRole[role] ?? 0)), ("denials", .int(totals.denials)),
                                ("denied_claims", .int(totals.deniedClaims)), ("denied_amount", .money(cents: totals.deniedAmountCents)),
                                ("rework_cost", cost(totals.deniedClaims))])
            })
            + JSONValue.capped("by_category", categories)
            + JSONValue.capped("by_staff", people.map { id in
                let totals = outcome.byStaff[id] ?? DenialTotals(), who = person(id)
                return .object([("staff_id", .string(id)), ("name", who.name), ("role", who.role), ("failures", .int(failuresByStaff[id] ?? 0)),
                                ("denials", .int(totals.denials)), ("denied_amount", .money(cents: totals.deniedAmountCents)),
                                ("rework_cost", cost(totals.deniedClaims))])
            })
            + [("totals", .object([
                ("failures", .int(failuresByRole.values.reduce(0, +))), ("denials", .int(outcome.totals.denials)),
                ("denied_claims", .int(outcome.totals.deniedClaims)), ("denied_amount", .money(cents: outcome.totals.deniedAmountCents)),
                ("rework_cost", cost(outcome.totals.deniedClaims)),
            ]))])
    }

    static func proficiency(_ r: RunResults) -> JSONValue {
        let roles = Proficiency.byRole(r.proficiency)
        let names = r.data.store.table("staff")?.column("name")
        return .object(
            JSONValue.capped("by_role", roles.keys.sorted().map { role in
                let counts = roles[role]!
                return .object([("role", .string(role)), ("staff", .int(counts.staff)), ("at_or_above", .int(counts.atOrAbove)),
                                ("below", .int(counts.below)), ("not_assessed", .int(counts.notAssessed)),
                                ("compliance_rate", counts.complianceRate.map { .number($0) } ?? .null)])
            })
            + JSONValue.capped("staff", r.proficiency.sorted { $0.staffID < $1.staffID }.map { person in
                .object([("staff_id", .string(person.staffID)), ("name", names?.text(person.row).map { .string($0) } ?? .null),
                         ("role", .string(person.role)), ("status", .string(person.status.rawValue)),
                         ("scores", .object(person.scores.keys.sorted().map { ($0, .number(person.scores[$0]!)) })),
                         ("courses_missing", .array(person.coursesMissing.map { .string($0) }))])
            })
            + JSONValue.capped("impact", r.impact.map { impact in
                func group(_ g: RoleImpact.Group) -> JSONValue {
                    .object([("staff", .int(g.staff)), ("records", .int(g.records)), ("failures", .int(g.failures)),
                             ("per_100", g.per100.map { .number($0) } ?? .null)])
                }
                return .object([("role", .string(impact.role)), ("below", group(impact.below)), ("at_or_above", group(impact.atOrAbove)),
                                ("ratio", impact.ratio.map { .number($0) } ?? .null)])
            }))
    }

    static func scriptErrors(_ r: RunResults) -> [(String, JSONValue)] {
        JSONValue.capped("script_errors", r.scriptErrors.map { entry in
            .object([("pack", .string(entry.pack)), ("file", .string(entry.group.file)), ("line", .int(entry.group.line)),
                     ("id", .string(entry.id)), ("message", .string(entry.group.message)), ("count", .int(entry.group.count)),
                     ("examples", .array(entry.group.records.prefix(10).map { .string($0) }))])
        })
    }
}
