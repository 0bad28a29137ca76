import DataModel

/// The fields attribution adds to the data (SPEC section 3): on adjustments `denial`,
/// `denial_role`, `denial_category`, `initial`; on claims `denied` (the first remit has a
/// denial), and `denial_category`, `denial_role` from its largest denial (ties: the CARC that
/// sorts first).
public enum DenialColumns {
    public static func columns(_ outcome: AttributionOutcome, _ data: EngineData) -> [String: [String: Column]] {
        guard let adjustments = data.store.table("adjustments") else { return [:] }
        var denial = ColumnData(kind: .uint8), initial = ColumnData(kind: .uint8)
        var role = ColumnData(kind: .text), category = ColumnData(kind: .text)
        for item in outcome.adjustments {
            denial.appendBool(item.denial)
            initial.appendBool(item.initial)
            if item.denial { append(item.role, to: &role); append(item.category, to: &category) } else { role.appendMissing(); category.appendMissing() }
        }
        var result: [String: [String: Column]] = ["adjustments": [
            "denial": Column(name: "denial", type: .bool, sealing: denial),
            "initial": Column(name: "initial", type: .bool, sealing: initial),
            "denial_role": Column(name: "denial_role", type: .text, sealing: role),
            "denial_category": Column(name: "denial_category", type: .text, sealing: category),
        ]]
        guard let claims = data.store.table("claims") else { return result }
        let carcs = adjustments.column("carc")
        let items = outcome.adjustments
        // Per claim, the index in `items` of its largest initial denial (-1: none).
        var largest = [Int32](repeating: -1, count: claims.rowCount)
        for (index, item) in items.enumerated() where item.denial && item.initial {
            guard let claim = item.claimRow else { continue }
            if largest[claim] >= 0 {
                let current = items[Int(largest[claim])]
                let wider = item.amountCents > current.amountCents
                    || (item.amountCents == current.amountCents && (carcs?.text(item.row) ?? "") < (carcs?.text(current.row) ?? ""))
                if !wider { continue }
            }
            largest[claim] = Int32(index)
        }
        var denied = ColumnData(kind: .uint8), claimRole = ColumnData(kind: .text), claimCategory = ColumnData(kind: .text)
        for row in 0..<claims.rowCount {
            let hasRemit = data.firstRemitRow(ofClaim: row) != nil
            if largest[row] >= 0 {
                let top = items[Int(largest[row])]
                denied.appendBool(true)
                append(top.role, to: &claimRole)
                append(top.category, to: &claimCategory)
            } else {
                if hasRemit { denied.appendBool(false) } else { denied.appendMissing() }   // no remit yet: unknown
                claimRole.appendMissing()
                claimCategory.appendMissing()
            }
        }
        result["claims"] = [
            "denied": Column(name: "denied", type: .bool, sealing: denied),
            "denial_role": Column(name: "denial_role", type: .text, sealing: claimRole),
            "denial_category": Column(name: "denial_category", type: .text, sealing: claimCategory),
        ]
        return result
    }

    static func append(_ text: String, to data: inout ColumnData) {
        var bytes = Array(text.utf8)
        if bytes.isEmpty { bytes = [0] ; bytes.withUnsafeBufferPointer { data.appendText($0.baseAddress!, 0) }; return }
        bytes.withUnsafeBufferPointer { data.appendText($0.baseAddress!, $0.count) }
    }
}
