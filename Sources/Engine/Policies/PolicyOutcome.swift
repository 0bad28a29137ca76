import LuaRuntime

/// One failure of a policy on one row (SPEC section 3, "Policies").
public struct PolicyFailure: Sendable, Equatable {
    public var row: Int
    public var role: String
    public var staffID: String?
    public var severity: String
    public var code: String?
    public var message: String
    /// Dollars at risk in cents; nil when the policy gives no amount.
    public var amountCents: Int64?

    public init(row: Int, role: String, staffID: String?, severity: String, code: String?, message: String, amountCents: Int64?) {
        self.row = row
        self.role = role
        self.staffID = staffID
        self.severity = severity
        self.code = code
        self.message = message
        self.amountCents = amountCents
    }
}

/// Script errors of one definition, grouped by place and message.
public struct ScriptErrorGroup: Sendable, Equatable {
    public var file: String
    public var line: Int
    public var message: String
    public var count: Int
    /// Every record id, in the order met (the report shows the first 10; `--errors` all of them).
    public var records: [String]
}

/// What one policy did over its dataset.
public struct PolicyOutcome: Sendable {
    public var id: String
    /// Rows the check ran on (inside `where`).
    public var evaluated = 0
    /// Those whose check completed (the impact comparison counts the records of each person).
    public var evaluatedRows = RowBits()
    public var failures: [PolicyFailure] = []
    public var errors: [ScriptErrorGroup] = []
    /// Each row whose callbacks raised, with the message (few: a policy is disabled after 100),
    /// so `explain` can tell a row's error from a row outside `where`.
    public var rowErrors: [(row: Int32, message: String)] = []
    /// Set when the policy read a column or relation the input lacks: never zero, never failed.
    public var skipped: String?
    /// Set when its callbacks failed on 100 or more rows (SPEC section 4): no results.
    public var disabled: String?
    /// print/log lines of its callbacks: the record and the text.
    public var logs: [(record: String, message: String)] = []
    /// Set when a breach ended the state at a row: the rows from here on were not evaluated;
    /// the caller continues from it on a fresh state (a breach is final for a state, not a run).
    public var resumeAt: Int?
    /// nil when the policy has no `amount` or the input lacks its field.
    public var amountAtRisk: Int64? { failures.contains { $0.amountCents != nil } ? failures.reduce(0) { $0 + ($1.amountCents ?? 0) } : nil }

    public var errorCount: Int { errors.reduce(0) { $0 + $1.count } }

    /// Evaluation of this part stopped early (skipped, disabled or breached).
    var ended: Bool { skipped != nil || disabled != nil || resumeAt != nil }

    public init(id: String, skipped: String? = nil) {
        self.id = id
        self.skipped = skipped
    }
}

extension Array where Element == ScriptErrorGroup {
    /// Adds `group` to the group of the same place and message, or as a new one.
    mutating func merge(_ group: ScriptErrorGroup) {
        if let i = firstIndex(where: { $0.file == group.file && $0.line == group.line && $0.message == group.message }) {
            self[i].count += group.count
            self[i].records += group.records
        } else {
            append(group)
        }
    }

    /// Records one row's error (its message without the "file:line: " it starts with).
    mutating func record(_ error: ScriptError, record: String) {
        merge(ScriptErrorGroup(file: error.chunk, line: error.line, message: ScriptErrorGroup.withoutPlace(error.message, file: error.chunk, line: error.line),
                               count: 1, records: [record]))
    }
}

extension ScriptErrorGroup {
    /// "riverside/p.lua:3: attempt to …" → "attempt to …" (the place is kept apart).
    static func withoutPlace(_ message: String, file: String, line: Int) -> String {
        let prefix = "\(file):\(line): "
        return message.hasPrefix(prefix) ? String(message.dropFirst(prefix.count)) : message
    }
}
