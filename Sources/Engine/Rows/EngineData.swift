import DataModel

/// The data the engine evaluates: the ingested tables, plus the fields the host derives from
/// them (SPEC section 3, "Host-derived fields") as ordinary columns, so Lua proxies and
/// declared paths read them like any other field.
public final class EngineData: Sendable {
    public let store: DataStore
    /// dataset → field → column.
    public let derived: [String: [String: Column]]
    /// derive{} fields that could not be computed (skipped, disabled), by dataset: they read
    /// as absent, so what reads them is skipped rather than told "no field".
    public let absent: [String: [String]]
    /// `--sample N`: policies and measures evaluate only the first N rows of each dataset.
    public let sample: Int?
    /// claim row → its first remit row (smallest received_on, then remit_id), -1 for none.
    /// Shared by the copies `adding` makes, freed with the last of them.
    private let firstRemits: FirstRemits?
    var firstRemit: RawVec<Int32>? { firstRemits?.rows }
    /// `balance_as_of` at any date (nil without an as-of date or the data it needs).
    let balance: BalanceLedger?

    /// The as-of date (days since 1970-01-01) fields like `balance_as_of` are computed at;
    /// nil: those fields are absent.
    public let asOf: Int32?

    /// `extra`: further derived columns by dataset and field (the ones that depend on
    /// attribution or policy results, added as a run learns them).
    public init(store: DataStore, asOf: Int32? = nil, extra: [String: [String: Column]] = [:]) {
        self.store = store
        self.asOf = asOf
        var derived: [String: [String: Column]] = [:]
        if let encounters = store.table("encounters"), let total = Self.totalCharge(encounters, store) {
            derived["encounters", default: [:]]["total_charge"] = total
        }
        var firstRemit: RawVec<Int32>?
        if let claims = store.table("claims"), let remits = store.table("remits"), let byClaim = store.relation("remits", "claim_id") {
            let first = Self.firstRemits(claims, remits, byClaim)
            firstRemit = first
            derived["claims", default: [:]]["paid"] = Self.paid(claims, remits, byClaim)
            if let submitted = claims.column("submitted_at") {
                derived["claims", default: [:]]["days_to_pay"] = Self.daysToPay(claims, remits, byClaim, submitted)
            }
        }
        var balance: BalanceLedger?
        if let asOf, extra["claims"]?["balance_as_of"] == nil, let ledger = BalanceLedger(store, asOf: asOf, firstRemit: { claim in
            firstRemit.flatMap { $0[claim] >= 0 ? Int($0[claim]) : nil }
        }) {
            derived["claims", default: [:]]["balance_as_of"] = ledger.column(at: asOf)
            balance = ledger
        }
        for (dataset, columns) in extra { derived[dataset, default: [:]].merge(columns) { $1 } }
        self.derived = derived
        absent = [:]
        sample = nil
        firstRemits = firstRemit.map(FirstRemits.init)
        self.balance = balance
    }

    private init(store: DataStore, asOf: Int32?, derived: [String: [String: Column]], absent: [String: [String]], sample: Int?,
                 firstRemits: FirstRemits?, balance: BalanceLedger?) {
        self.store = store
        self.asOf = asOf
        self.derived = derived
        self.absent = absent
        self.sample = sample
        self.firstRemits = firstRemits
        self.balance = balance
    }

    /// The same data with the fields that depend on the as-of date (`balance_as_of`) at `day`
    /// instead: what a month-end snapshot point reads.
    public func at(_ day: Int32) -> EngineData {
        guard let balance, day != balance.asOf else { return self }
        var moved = derived
        moved["claims", default: [:]]["balance_as_of"] = balance.column(at: day)
        return EngineData(store: store, asOf: asOf, derived: moved, absent: absent, sample: sample, firstRemits: firstRemits,
                          balance: balance)
    }

    /// The same data, evaluated on the first `rows` rows of each dataset only (`--sample`).
    public func sampled(_ rows: Int?) -> EngineData {
        EngineData(store: store, asOf: asOf, derived: derived, absent: absent, sample: rows, firstRemits: firstRemits, balance: balance)
    }

    /// The rows of `table` that evaluation covers: all of them, or the sample.
    public func evaluatedRowCount(_ table: Table) -> Int { min(table.rowCount, sample ?? .max) }

    /// The same data with more derived columns (and fields that read as absent); what is
    /// already derived is kept, not recomputed.
    public func adding(_ extra: [String: [String: Column]], absent more: [(dataset: String, field: String)] = []) -> EngineData {
        var merged = derived, absent = self.absent
        for (dataset, columns) in extra { merged[dataset, default: [:]].merge(columns) { $1 } }
        for (dataset, field) in more { absent[dataset, default: []].append(field) }
        return EngineData(store: store, asOf: asOf, derived: merged, absent: absent, sample: sample, firstRemits: firstRemits, balance: balance)
    }

    /// The claim's first remit (smallest received_on, then remit_id), or nil.
    public func firstRemitRow(ofClaim claim: Int) -> Int? {
        guard let first = firstRemit, first[claim] >= 0 else { return nil }
        return Int(first[claim])
    }

    /// A canonical or derived column of `dataset`.
    public func column(_ field: String, of dataset: String) -> Column? {
        store.table(dataset)?.column(field) ?? derived[dataset]?[field]
    }

    // MARK: - Derivations

    /// encounter.total_charge = Σ charges.amount (0 for an encounter without charges).
    static func totalCharge(_ encounters: Table, _ store: DataStore) -> Column? {
        guard let index = store.relation("charges", "encounter_id"), index.hasReverse,
              let amounts = store.table("charges")?.column("amount") else { return nil }
        var data = ColumnData(kind: .int64)
        for row in 0..<encounters.rowCount {
            data.appendInt64(index.children(of: row).reduce(Int64(0)) { $0 + (amounts.int64(Int($1)) ?? 0) })
        }
        return Column(name: "total_charge", type: .money, sealing: data)
    }

    /// claim.paid = Σ remits.paid.
    static func paid(_ claims: Table, _ remits: Table, _ byClaim: RelationIndex) -> Column {
        let paid = remits.column("paid")
        var data = ColumnData(kind: .int64)
        for row in 0..<claims.rowCount {
            data.appendInt64(byClaim.children(of: row).reduce(Int64(0)) { $0 + (paid?.int64(Int($1)) ?? 0) })
        }
        return Column(name: "paid", type: .money, sealing: data)
    }

    /// The remits of a claim in (received_on, remit_id) order.
    static func ordered(_ rows: UnsafeBufferPointer<Int32>, _ remits: Table) -> [Int] {
        let received = remits.column("received_on"), ids = remits.column("remit_id")
        return rows.map(Int.init).sorted {
            let a = received?.int32($0) ?? .max, b = received?.int32($1) ?? .max
            return a != b ? a < b : (ids?.text($0) ?? "") < (ids?.text($1) ?? "")
        }
    }

    static func firstRemits(_ claims: Table, _ remits: Table, _ byClaim: RelationIndex) -> RawVec<Int32> {
        var first = RawVec<Int32>(repeating: -1, count: claims.rowCount)
        for row in 0..<claims.rowCount {
            let children = byClaim.children(of: row)
            if children.count == 1 { first[row] = children[0] } else if let earliest = ordered(children, remits).first { first[row] = Int32(earliest) }
        }
        return first
    }

    /// Days from submitted_at to the first remit with paid > 0; missing when either is absent.
    static func daysToPay(_ claims: Table, _ remits: Table, _ byClaim: RelationIndex, _ submitted: Column) -> Column {
        let received = remits.column("received_on"), paid = remits.column("paid")
        var data = ColumnData(kind: .int64)
        for row in 0..<claims.rowCount {
            let children = byClaim.children(of: row)
            // Most claims have one remit: no ordering (and no array) needed.
            let remit = children.count == 1 ? ((paid?.int64(Int(children[0])) ?? 0) > 0 ? Int(children[0]) : nil)
                : ordered(children, remits).first(where: { (paid?.int64($0) ?? 0) > 0 })
            guard let sent = submitted.int64(row), let remit,
                  let day = received?.int32(remit) else {
                data.appendMissing()
                continue
            }
            let sentDay = sent >= 0 ? sent / 86_400 : (sent - 86_399) / 86_400
            data.appendInt64(Int64(day) - sentDay)
        }
        return Column(name: "days_to_pay", type: .int, sealing: data)
    }
}

/// The first-remit index, owned once whatever number of `EngineData` copies share it.
private final class FirstRemits: @unchecked Sendable {
    let rows: RawVec<Int32>
    init(_ rows: RawVec<Int32>) { self.rows = rows }
    deinit {
        var owned = rows
        owned.free()
    }
}
