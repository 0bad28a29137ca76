import DataModel
import LuaRuntime

/// One thing `upstream lint` found.
public struct LintFinding: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }
    public let severity: Severity
    public let location: String
    public let message: String

    public init(severity: Severity, location: String, message: String) {
        self.severity = severity
        self.location = location
        self.message = message
    }

    public var description: String { "\(severity.rawValue): \(location): \(message)" }
}

/// Checks loaded definitions against the data model: datasets, roles, and every field a
/// definition names declaratively (`dataset`, `staff`, `amount`, `period`, `by`, `where` tables,
/// measure fields, attribution staff paths, mapping fields). Functions are not inspected.
public enum PackLinter {
    public static func findings(packs: [LoadedPack], loaded: PackLoader.Result) -> [LintFinding] {
        var findings: [LintFinding] = []
        for pack in packs {
            if !pack.directory.contains("README.md") {
                findings.append(LintFinding(severity: .warning, location: pack.name,
                    message: "no README.md: say what the pack does and which params to set"))
            }
            let tests = (try? pack.directory.luaFiles(under: "tests"))?.filter { $0.hasSuffix("_test.lua") } ?? []
            if tests.isEmpty {
                findings.append(LintFinding(severity: .warning, location: pack.name,
                    message: "no tests (tests/*_test.lua): `upstream test` has nothing to run"))
            }
        }
        // derive{} adds fields that declared paths and `where` keys may name.
        // So do field{} declarations.
        let derived = Set(loaded.definitions.filter { $0.kind == "derive" || $0.kind == "field" }.compactMap { $0.table["name"]?.string })
        // `failed = …` in KPIs names a policy (loaded, or disabled by a manifest) or a role.
        var policies: [String: String] = [:]
        for definition in loaded.definitions where definition.kind == "policy" {
            if let id = definition.id { policies[id] = definition.table["dataset"]?.string ?? "" }
        }
        for id in loaded.disabled.keys where policies[id] == nil { policies[id] = "" }
        for definition in loaded.definitions {
            var check = DefinitionCheck(definition: definition, roles: Set(loaded.roles), derived: derived, policies: policies)
            check.run()
            findings += check.findings
        }
        return findings
    }
}

/// The checks of one definition.
private struct DefinitionCheck {
    let definition: Definition
    let roles: Set<String>
    /// Names of derive{} fields.
    let derived: Set<String>
    /// Policy ids → their dataset ("" when a manifest disabled the policy).
    let policies: [String: String]
    var findings: [LintFinding] = []

    private var table: TableSnapshot { definition.table }

    init(definition: Definition, roles: Set<String>, derived: Set<String>, policies: [String: String]) {
        self.definition = definition
        self.roles = roles
        self.derived = derived
        self.policies = policies
    }

    mutating func run() {
        switch definition.kind {
        case "policy": checkPolicy()
        case "kpi": checkKPI()
        case "threshold": checkRole(table["role"]?.string, field: "role")
        case "attribution": checkAttribution()
        case "mapping": checkMapping()
        case "derive", "field": _ = checkDataset(table["dataset"]?.string, field: "dataset")
        default: break
        }
    }

    private mutating func report(_ severity: LintFinding.Severity, _ message: String) {
        findings.append(LintFinding(severity: severity, location: definition.location, message: "\(definition.label): \(message)"))
    }

    private mutating func checkRole(_ role: String?, field: String) {
        guard let role, !roles.contains(role) else { return }
        report(.error, "\(field) '\(role)' is not a role; known roles: \(roles.sorted().joined(separator: ", ")) (packs add roles with role{})")
    }

    private mutating func checkDataset(_ name: String?, field: String) -> Bool {
        guard let name else { return false }
        if Schema.dataset(named: name) != nil { return true }
        report(.error, "\(field) '\(name)' is not a dataset; datasets: \(Schema.datasets.map(\.name).joined(separator: ", "))")
        return false
    }

    /// A declared path must resolve to a field of `dataset`.
    private mutating func checkPath(_ value: SnapshotValue?, in dataset: String, field: String, allowKPIOnly: Bool) {
        guard let path = value?.string else { return }
        switch FieldPath.resolve(path, from: dataset) {
        case .field(let owner, _):
            if !allowKPIOnly, Schema.derivedFields.contains(where: { $0.dataset == owner && $0.name == path.split(separator: ".").last.map(String.init) && $0.kpiOnly }) {
                report(.error, "\(field) '\(path)' comes from policy results and is readable only in KPIs")
            }
        case .row(let target):
            report(.error, "\(field) '\(path)' names a row of \(target), not a field")
        case .unknown(let why):
            if let last = path.split(separator: ".").last, derived.contains(String(last)) { return }
            report(.error, "\(field): \(why)")
        }
    }

    private mutating func checkWhere(_ value: SnapshotValue?, in dataset: String, field: String, inKPI: Bool) {
        guard let filter = value?.table else { return }
        for key in filter.fieldNames {
            if key == "failed" && inKPI {
                checkFailed(filter[key], in: dataset, field: field)
                continue
            }
            checkPath(.value(.string(key)), in: dataset, field: "\(field) key", allowKPIOnly: inKPI)
        }
    }

    private mutating func checkFailed(_ value: SnapshotValue?, in dataset: String, field: String) {
        guard let name = value?.string else {
            report(.error, "\(field) failed: give a role or a policy id as a string")
            return
        }
        if let policyDataset = policies[name] {
            if !policyDataset.isEmpty && policyDataset != dataset {
                report(.warning, "\(field) failed '\(name)': that policy checks \(policyDataset), so no \(dataset) row has its failures")
            }
        } else if !roles.contains(name) {
            report(.error, "\(field) failed '\(name)' names no policy and no role")
        }
    }

    private mutating func checkPolicy() {
        checkRole(table["role"]?.string, field: "role")
        guard let dataset = table["dataset"]?.string, checkDataset(dataset, field: "dataset") else { return }
        checkPath(table["staff"], in: dataset, field: "staff", allowKPIOnly: false)
        checkPath(table["amount"], in: dataset, field: "amount", allowKPIOnly: false)
        checkWhere(table["where"], in: dataset, field: "where", inKPI: false)
        if let staff = table["staff"]?.string, case .field(_, let type) = FieldPath.resolve(staff, from: dataset), type != .id {
            report(.warning, "staff '\(staff)' is a \(type) field; it should hold a staff id")
        }
    }

    private mutating func checkKPI() {
        var measures: [(String, TableSnapshot)] = []
        for name in ["numerator", "denominator"] { if let m = table[name]?.table { measures.append((name, m)) } }
        if let named = table["measures"]?.table { for name in named.fieldNames { if let m = named[name]?.table { measures.append(("measures.\(name)", m)) } } }
        for (name, measure) in measures {
            guard let dataset = measure["dataset"]?.string, checkDataset(dataset, field: "\(name) dataset") else { continue }
            checkPath(measure["value"], in: dataset, field: "\(name) field", allowKPIOnly: true)
            checkWhere(measure["where"], in: dataset, field: "\(name) where", inKPI: true)
            if let options = measure["options"]?.table {
                checkPath(options["period"], in: dataset, field: "\(name) period", allowKPIOnly: true)
                if options["window"] != nil && options["period"] == nil && table["period"] == nil {
                    report(.error, "\(name) window needs a period: the KPI's period, or options.period")
                }
            }
            if let period = table["period"]?.string, case .unknown = FieldPath.resolve(period, from: dataset) {
                report(.warning, "period '\(period)' is not a field of \(dataset): \(name) is reported overall only")
            }
            var groups: [String] = []
            if let by = table["by"]?.string { groups = [by] } else if let list = table["by"]?.table { groups = list.items.compactMap(\.string) }
            for path in groups { checkPath(.value(.string(path)), in: dataset, field: "by (for \(name))", allowKPIOnly: true) }
        }
    }

    private mutating func checkAttribution() {
        for section in ["carc", "rarc"] {
            guard let entries = table[section]?.table else { continue }
            for code in entries.fieldNames { checkRole(entries[code]?.table?["role"]?.string, field: "\(section) \(code) role") }
        }
        guard let staff = table["staff"]?.table else { return }
        let roots = ["claim": "claims", "encounter": "encounters", "charge": "charges", "remit": "remits", "adjustment": "adjustments"]
        for role in staff.fieldNames {
            checkRole(role, field: "staff key")
            guard let path = staff[role]?.string else { continue }
            let parts = path.split(separator: ".", maxSplits: 1).map(String.init)
            guard parts.count == 2, let root = roots[parts[0]] else {
                report(.error, "staff path '\(path)' for \(role) must start at claim, encounter, charge, remit or adjustment (\"claim.coded_by\")")
                continue
            }
            checkPath(.value(.string(parts[1])), in: root, field: "staff path for \(role)", allowKPIOnly: false)
        }
    }

    private mutating func checkMapping() {
        guard let datasets = table["datasets"]?.table else { return }
        for name in datasets.fieldNames {
            guard checkDataset(name, field: "datasets key"), let spec = Schema.dataset(named: name),
                  let fields = datasets[name]?.table?["fields"]?.table else { continue }
            for field in fields.fieldNames where spec.index(of: field) == nil && !derived.contains(field) {
                report(.error, "datasets.\(name).fields: '\(field)' is not a field of \(name)")
            }
        }
    }
}
