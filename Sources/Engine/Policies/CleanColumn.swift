import DataModel
import Packs

/// `claim.clean`, readable in KPIs (SPEC section 3): no error-severity policy failed on the
/// claim, its encounter or its charges, and — each switchable by a host param, counted only
/// when the column is loaded — no scrubber edits, no manual touches, no rejection. A claim on
/// whose rows an error policy raised has no value (its KPIs count it in `errors`).
public enum CleanColumn {
    public static func column(_ data: EngineData, policies: [PolicyOutcome], definitions: [Definition], params: ParamSet) -> Column? {
        guard let claims = data.store.table("claims") else { return nil }
        var dirty = [Bool](repeating: false, count: claims.rowCount)
        var unknown = [Bool](repeating: false, count: claims.rowCount)
        let claimOfCharge = data.store.relation("charges", "claim_id")
        let claimsOfEncounter = data.store.relation("claims", "encounter_id")
        func claimsOf(_ dataset: String, _ row: Int) -> [Int] {
            switch dataset {
            case "claims": return [row]
            case "charges": return claimOfCharge?.parent(of: row).map { [$0] } ?? []
            case "encounters": return claimsOfEncounter.map { $0.children(of: row).map(Int.init) } ?? []
            default: return []
            }
        }
        for outcome in policies where outcome.skipped == nil && outcome.disabled == nil {
            guard let definition = definitions.first(where: { $0.kind == "policy" && $0.id == outcome.id }),
                  (definition.table["severity"]?.string ?? "error") == "error",
                  let dataset = definition.table["dataset"]?.string else { continue }
            for failure in outcome.failures where failure.severity == "error" {
                for claim in claimsOf(dataset, failure.row) { dirty[claim] = true }
            }
            // Every row that raised, not only the ten examples an error group keeps.
            for error in outcome.rowErrors {
                for claim in claimsOf(dataset, Int(error.row)) { unknown[claim] = true }
            }
        }
        func switched(_ name: String) -> Bool {
            if case .bool(let on)? = params.value(name, from: ParamSet.hostPack) { return on }
            return true
        }
        let edits = switched("clean_counts_scrubber_edits") ? claims.column("scrubber_edits") : nil
        let touches = switched("clean_counts_manual_touches") ? claims.column("manual_touches") : nil
        let rejected = switched("clean_counts_rejections") ? claims.column("rejected_at") : nil
        var clean = ColumnData(kind: .uint8)
        for row in 0..<claims.rowCount {
            if unknown[row] && !dirty[row] { clean.appendMissing(); continue }
            let isClean = !dirty[row] && (edits?.int64(row) ?? 0) == 0 && (touches?.int64(row) ?? 0) == 0
                && !(rejected?.isPresent(row) ?? false)
            clean.appendBool(isClean)
        }
        return Column(name: "clean", type: .bool, sealing: clean)
    }
}
