import DataModel

extension DenialAttribution {
    /// What the CARC and RARC tables say about one adjustment: everything but `refine` and
    /// the amount's sign.
    struct TableAnswer {
        var role: String
        var category: String
        /// Not PR, and the entry does not say `denial = false`.
        var denialByCodes: Bool
        var carcKey: AttributionDecision.CarcKey
        var overridingRemark: Int?
    }

    /// Classifies adjustments by their group, CARC and RARCs. Most adjustments have no RARC
    /// and a group and CARC from a small dictionary: their answer is worked out once per
    /// (group, CARC) pair, and per remit date only when an entry has `inactive_since`.
    struct TableClassifier {
        private struct DatedKey: Hashable { let group: UInt16, carc: UInt16, day: Int32? }

        let rules: AttributionRules
        let groups: Column?, carcs: Column?, remarks: Column?
        private let dated: Bool
        /// Undated rules: by group code × the CARC dictionary's size + CARC code.
        private var answers: [TableAnswer?]
        private var datedAnswers: [DatedKey: TableAnswer] = [:]

        init(rules: AttributionRules, adjustments: Table) {
            self.rules = rules
            groups = adjustments.column("group_code")
            carcs = adjustments.column("carc")
            remarks = adjustments.column("rarc")
            dated = rules.carc.values.contains { $0.inactiveSince != nil } || rules.rarc.values.contains { $0.inactiveSince != nil }
            answers = Array(repeating: nil, count: (groups?.dictionaryCount ?? 0) * (carcs?.dictionaryCount ?? 0))
        }

        mutating func classify(_ row: Int, on day: Int32?) -> TableAnswer {
            let noRemarks = remarks.map { !$0.isPresent(row) || $0.listCount(row) == 0 } ?? true
            guard noRemarks, let groupCodes = groups?.codes, let carcCodes = carcs?.codes else { return answer(row, on: day) }
            if dated {
                let key = DatedKey(group: groupCodes[row], carc: carcCodes[row], day: day)
                if let known = datedAnswers[key] { return known }
                let made = answer(row, on: day)
                datedAnswers[key] = made
                return made
            }
            let slot = Int(groupCodes[row]) * carcs!.dictionaryCount + Int(carcCodes[row])
            if let known = answers[slot] { return known }
            let made = answer(row, on: day)
            answers[slot] = made
            return made
        }

        /// The CARC entry of the most specific key (CARC+RARC, GROUP-CARC, CARC), then the first
        /// RARC entry in remark order overriding role and category.
        private func answer(_ row: Int, on day: Int32?) -> TableAnswer {
            let group = groups?.text(row) ?? "", carc = carcs?.text(row) ?? ""
            let codes = remarks.map { $0.isPresent(row) ? $0.list(row) : [] } ?? []
            var chosen: AttributionRules.Entry?
            var carcKey = AttributionDecision.CarcKey.none
            for (position, remark) in codes.enumerated() {
                if let entry = rules.carcEntry(carc + "+" + remark, on: day) { chosen = entry; carcKey = .withRemark(position); break }
            }
            if chosen == nil, let entry = rules.carcEntry(group + "-" + carc, on: day) { chosen = entry; carcKey = .withGroup }
            if chosen == nil, let entry = rules.carcEntry(carc, on: day) { chosen = entry; carcKey = .carc }
            var role = chosen?.role, category = chosen?.category
            var overridingRemark: Int?
            for (position, code) in codes.enumerated() {
                guard let remark = rules.rarcEntry(code, on: day) else { continue }
                role = remark.role ?? role
                category = remark.category ?? category
                overridingRemark = position
                break
            }
            return TableAnswer(role: role ?? "unattributed", category: category ?? "unknown",
                               denialByCodes: group != "PR" && (chosen?.denial ?? true), carcKey: carcKey,
                               overridingRemark: overridingRemark)
        }
    }
}
