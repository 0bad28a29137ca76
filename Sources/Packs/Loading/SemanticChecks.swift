/// Rules about a definition as a whole that field shapes cannot say.
enum SemanticChecks {
    static func problem(_ definition: Definition) -> String? {
        let t = definition.table
        switch definition.kind {
        case "kpi":
            let hasRatio = t["numerator"] != nil
            let hasMeasures = t["measures"] != nil
            if hasRatio && hasMeasures { return "give either numerator (and denominator) or measures with value, not both" }
            if t["denominator"] != nil && !hasRatio { return "denominator without numerator; add numerator = count(…)" }
            if hasMeasures && t["value"] == nil { return "measures need value = function(m, ctx) … end to combine them" }
            if !hasRatio && !hasMeasures { return "needs numerator = count(…) (with denominator = …), or measures = { … } with value" }
            if let target = t["target"]?.table {
                let bounds = ["at_least", "at_most"].filter { target[$0] != nil }
                if bounds.count != 1 { return "target must be a table with at_least or at_most" }
            }
            if t["snapshot"] != nil && t["period"] != nil { return "a snapshot KPI is evaluated at the as-of date: drop period" }
        case "threshold":
            if t["skill"] != nil && t["at_least"] == nil { return "skill needs at_least = <score 0–1>" }
            if t["at_least"] != nil && t["skill"] == nil { return "at_least needs skill = \"…\" (which assessment)" }
            if t["skill"] == nil && (t["courses"]?.table?.items.isEmpty ?? true) { return "needs a skill with at_least, courses, or both" }
            if let score = t["at_least"]?.number, !(0...1).contains(score) { return "at_least is a score between 0 and 1, not \(score)" }
        case "policy":
            if let rate = t["expect"]?.table?["max_fail_rate"]?.number, !(0...1).contains(rate) {
                return "expect.max_fail_rate is a fraction between 0 and 1"
            }
        case "calendar":
            for holiday in t["holidays"]?.table?.items ?? [] where holiday.string.flatMap(DateText.days) == nil {
                return "holidays are dates \"YYYY-MM-DD\", not \(holiday.string.map { "'\($0)'" } ?? holiday.typeName)"
            }
        default:
            break
        }
        return nil
    }
}
