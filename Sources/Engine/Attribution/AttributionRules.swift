import DataModel
import LuaRuntime
import Packs

/// The attribution tables of every loaded pack merged per key (SPEC section 3, "Denials"):
/// CARC keys (`"197"`, `"OA-23"`, `"16+N382"`), RARC keys, and per-role staff paths.
public struct AttributionRules: Sendable {
    public struct Entry: Sendable, Equatable {
        public var role: String?
        public var category: String?
        /// false for contractual and patient-responsibility codes.
        public var denial: Bool
        /// Days since 1970-01-01 from which the entry no longer applies.
        public var inactiveSince: Int32?
        /// The pack that gave it, and the file and line of its `attribution` table (for
        /// `explain`: "CARC 197 (pack riverside, riverside/defs.lua:27)").
        public var pack: String
        public var location: String
    }

    public private(set) var carc: [String: Entry] = [:]
    public private(set) var rarc: [String: Entry] = [:]
    /// Role → path from the adjustment's claim, encounter, charge, remit or the adjustment itself.
    public private(set) var staff: [String: String] = [
        "patient_access": "encounter.registered_by", "provider": "encounter.attending_provider_id",
        "charge_capture": "charge.entered_by", "coding": "claim.coded_by", "billing": "claim.billed_by",
    ]

    /// Merges the attribution definitions in load order. A later pack replaces a key another
    /// pack gave only when it lists the key in `override`.
    public init(_ definitions: [Definition]) throws {
        for definition in definitions where definition.kind == "attribution" {
            let overrides = Set(definition.table["override"]?.table?.items.compactMap(\.string) ?? [])
            for (section, keyPath) in [("carc", \AttributionRules.carc), ("rarc", \AttributionRules.rarc)] {
                guard let entries = definition.table[section]?.table else { continue }
                for key in entries.fieldNames {
                    guard let spec = entries[key]?.table else { continue }
                    if self[keyPath: keyPath][key] != nil, !overrides.contains(key) {
                        throw PackError.definitionInvalid(label: "attribution", location: definition.location,
                            message: "\(section) key '\(key)' is already given by an earlier pack; list it in override = { \"\(key)\" } to replace it")
                    }
                    self[keyPath: keyPath][key] = Entry(
                        role: spec["role"]?.string, category: spec["category"]?.string,
                        denial: spec["denial"]?.bool ?? true,
                        inactiveSince: spec["inactive_since"]?.string.flatMap(DateText.days),
                        pack: definition.pack, location: definition.location)
                }
            }
            if let paths = definition.table["staff"]?.table {
                for role in paths.fieldNames { staff[role] = paths[role]?.string }
            }
        }
    }

    /// The entry for `key` if it applies on `day`.
    func carcEntry(_ key: String, on day: Int32?) -> Entry? { active(carc[key], on: day) }
    func rarcEntry(_ key: String, on day: Int32?) -> Entry? { active(rarc[key], on: day) }

    private func active(_ entry: Entry?, on day: Int32?) -> Entry? {
        guard let entry else { return nil }
        if let since = entry.inactiveSince, let day, day >= since { return nil }
        return entry
    }
}
