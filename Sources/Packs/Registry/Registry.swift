/// Every global a definition script can call, declared once: the loader installs from it, the
/// validator checks definitions against it, and `docs/lua-api.md` is rendered from it.
public enum Registry {
    public static let units = ["percent", "ratio", "days", "currency", "count"]

    static let attributionEntry: [FieldRule] = [
        FieldRule("category", .text, "denial category (authorization, eligibility, coding, …)"),
        FieldRule("role", .role, "the role where denials of this code start"),
        FieldRule("denial", .bool, "false: not a denial (contractual, patient responsibility)"),
        FieldRule("inactive_since", .text, "YYYY-MM-DD after which the code no longer applies"),
    ]

    static let mappingField: [FieldRule] = [
        FieldRule("column", .text, "the export's column name"),
        FieldRule("format", .text, "date/datetime format letters: yyyy MM M dd d HH H hh h a mm ss SSS X XXX, quoted literals"),
        FieldRule("values", .map(.either([.text, .number, .bool])), "export value → canonical value"),
        FieldRule("default", .either([.text, .number, .bool]), "value for export values `values` lacks"),
        FieldRule("value", .either([.text, .number, .bool]), "a constant for every row"),
        FieldRule("scale", .number, "divide the number by this (100 turns a percent into a fraction)"),
        FieldRule("transform", .function, "function(text) → text, run while reading"),
        FieldRule("tz", .text, "zone whose wall clock zoned datetimes are converted to"),
    ]

    public static let constructors: [ConstructorSpec] = [
        ConstructorSpec(name: "role", summary: "Declares a role beyond the built-in ones (patient_access, scheduling, clinician, provider, charge_capture, coding, billing, credentialing, leadership).",
            fields: [
                FieldRule("id", .text, required: true, "the role id used by policies, thresholds and attribution"),
                FieldRule("title", .text, required: true, "what reports call it"),
            ],
            example: #"role { id = "utilization_review", title = "Utilization review" }"#, hasID: true),
        ConstructorSpec(name: "policy", summary: "A check that makes a record not clean, charged to the role (and person) where the failure starts.",
            fields: [
                FieldRule("id", .text, required: true, "unique across every loaded pack"),
                FieldRule("title", .text, required: true, "one line for the report"),
                FieldRule("dataset", .dataset, required: true, "which rows it checks"),
                FieldRule("role", .role, required: true, "the role where this failure starts"),
                FieldRule("check", .function, required: true, "function(row): nil or true passes; false, a string or a table { message, code, role, staff, severity, amount } fails"),
                FieldRule("staff", .either([.fieldPath, .function]), "field (or path, or function) naming the responsible person"),
                FieldRule("severity", .choice(["error", "warning"]), "error (default) makes the claim not clean; warning does not"),
                FieldRule("amount", .either([.fieldPath, .function]), "field or function giving the dollars at risk"),
                FieldRule("where", .filter, "rows outside it are not evaluated and not counted"),
                FieldRule("expect", .record([FieldRule("max_fail_rate", .number, "warn when more than this fraction fails")]), "sanity bounds"),
                FieldRule("override", .bool, "replace a definition with the same id from an earlier pack"),
            ],
            example: """
                policy {
                  id = "PA-ELIG-01", title = "Eligibility verified before service",
                  dataset = "encounters", role = "patient_access", staff = "registered_by",
                  amount = "total_charge",
                  check = function(e)
                    if not e.eligibility_verified_at then return "eligibility never verified" end
                  end,
                }
                """, hasID: true),
        ConstructorSpec(name: "kpi", summary: "A key performance indicator computed from measures, overall, by month and by group.",
            fields: [
                FieldRule("id", .text, required: true, "unique across every loaded pack"),
                FieldRule("title", .text, required: true, "what the report calls it"),
                FieldRule("unit", .choice(units), required: true, "percent and ratio are fractions"),
                FieldRule("hfma", .text, "the HFMA MAP Key code (CL-1, PB-4, …)"),
                FieldRule("numerator", .measure, "with `denominator`, value = numerator / denominator; alone, a count KPI"),
                FieldRule("denominator", .measure, "see numerator"),
                FieldRule("measures", .map(.measure), "named measures for `value`"),
                FieldRule("value", .function, "function(m, ctx) → number, from the named measures"),
                FieldRule("target", .record([
                    FieldRule("at_least", .number, "met when value ≥ this"),
                    FieldRule("at_most", .number, "met when value ≤ this"),
                ]), "optional goal"),
                FieldRule("period", .either([.fieldPath, .function]), "date field (or path, or function returning \"YYYY-MM-DD\") giving each row's month"),
                FieldRule("by", .either([.fieldPath, .list(.fieldPath), .function]), "also per value of a field, a list of fields, or a function returning a key"),
                FieldRule("top", .record([
                    FieldRule("n", .integer, "groups kept (`other` is not counted)"),
                    FieldRule("order", .choice(["value_desc", "value_asc", "denominator_desc"]), "which first (default value_desc; groups without a value last)"),
                ]), "keep the first n groups in this order (ties by key); the rest are dropped"),
                FieldRule("min_denominator", .integer, "groups whose denominator (or, without one, largest row count) is smaller fold into `other`, reported last"),
                FieldRule("share", .bool, "divide each group's numerator by the overall denominator"),
                FieldRule("snapshot", .either([.bool, .record([
                    FieldRule("every", .choice(["month_end"]), "each month end, and as-of itself for its own month"),
                    FieldRule("months", .integer, "how many months, as-of's included (default 12, at most 120)"),
                ])]), "true: once at as-of, no by_month; a table: also at each month end, as `by_month` (scripts' `date.as_of()`, `within` and windows see that date)"),
                FieldRule("override", .bool, "replace a definition with the same id from an earlier pack"),
            ],
            example: """
                kpi {
                  id = "clean_claim_rate", title = "Clean claim rate", hfma = "CL-1", unit = "percent",
                  target = { at_least = param("clean_claim_target") }, period = "submitted_at",
                  numerator = count("claims", function(c) return c.clean end),
                  denominator = count("claims"),
                }
                """, hasID: true),
        ConstructorSpec(name: "threshold", summary: "A proficiency threshold for a role: a minimum assessment score, required courses, or both.",
            fields: [
                FieldRule("id", .text, required: true, "unique across every loaded pack"),
                FieldRule("role", .role, required: true, "whose staff it applies to"),
                FieldRule("skill", .text, "assessment skill whose latest score counts"),
                FieldRule("at_least", .number, "minimum score (0–1) for `skill`"),
                FieldRule("courses", .list(.text), "course ids completed by the as-of date"),
                FieldRule("where", .filter, "which staff it applies to"),
                FieldRule("grace_days", .integer, "no status before this many days in the role"),
                FieldRule("max_age_days", .integer, "an older assessment counts as missing"),
                FieldRule("override", .bool, "replace a definition with the same id from an earlier pack"),
            ],
            example: #"threshold { id = "PA-PROF", role = "patient_access", skill = "registration", at_least = 0.85, courses = { "RCM-101" } }"#,
            hasID: true),
        ConstructorSpec(name: "attribution", summary: "Denial attribution: which role (and person) each CARC/RARC code starts with. Tables from several packs merge per key.",
            fields: [
                FieldRule("carc", .map(.record(attributionEntry)), "keys: \"CARC\", \"GROUP-CARC\" (\"OA-23\") or \"CARC+RARC\" (\"16+N382\")"),
                FieldRule("rarc", .map(.record(attributionEntry)), "remark codes that override the CARC's entry"),
                FieldRule("staff", .map(.fieldPath), "per role, the path naming the person (\"claim.coded_by\")"),
                FieldRule("refine", .function, "function(adj, claim, ctx) → { role, category, staff, evidence } or nil"),
                FieldRule("override", .list(.text), "keys this pack replaces instead of merging"),
            ],
            example: """
                attribution {
                  carc = { ["197"] = { category = "authorization", role = "patient_access" }, ["45"] = { denial = false } },
                  staff = { coding = "claim.coded_by" },
                }
                """, hasID: false),
        ConstructorSpec(name: "mapping", summary: "Reads another export layout into the canonical datasets.",
            fields: [
                FieldRule("id", .text, required: true, "unique across every loaded pack"),
                FieldRule("datasets", .map(.record([
                    FieldRule("file", .text, required: true, "glob matched in every --data directory"),
                    FieldRule("delimiter", .text, "\",\" (default), tab, \"|\" or \";\""),
                    FieldRule("encoding", .choice(["utf-8", "windows-1252"]), "text encoding"),
                    FieldRule("where", .map(.either([.text, .number, .bool])), "rows whose columns do not match are filtered"),
                    FieldRule("fields", .map(.either([.text, .record(mappingField)])), "canonical field = column name, or a table"),
                ])), required: true, "per canonical dataset, where and how to read it"),
                FieldRule("override", .bool, "replace a definition with the same id from an earlier pack"),
            ],
            example: #"mapping { id = "riverside", datasets = { encounters = { file = "ADT_VISITS*.csv", fields = { encounter_id = "Visit Number" } } } }"#,
            hasID: true),
        ConstructorSpec(name: "reference", summary: "A lookup table read once from CSV files in the pack's ref/ folder or in --ref DIR (licensed code sets), indexed by its key and shared by every worker.",
            fields: [
                FieldRule("id", .text, required: true, "what ref.get and ref.has call it"),
                FieldRule("file", .text, required: true, "glob inside the pack (\"ref/pos_codes.csv\"); its last component is also matched in every --ref DIR"),
                FieldRule("key", .either([.text, .list(.text)]), required: true, "the column (or columns) a lookup gives, in order"),
                FieldRule("fields", .map(.choice(["text", "int", "number", "money", "date", "bool"])), "types of columns other than text"),
                FieldRule("valid", .record([
                    FieldRule("from", .text, "column of the first date a row applies (YYYY-MM-DD; empty = always)"),
                    FieldRule("to", .text, "column of the first date a row no longer applies (empty = still applies)"),
                ]), "rows apply on dates in [from, to)"),
                FieldRule("override", .bool, "replace a definition with the same id from an earlier pack"),
            ],
            example: #"reference { id = "pos", file = "ref/place_of_service.csv", key = "code", fields = { effective = "date" } }"#,
            hasID: true),
        ConstructorSpec(name: "derive", summary: "A computed field, evaluated once per row after ingest (on the workers), then read by name like any field — in callbacks, `where` tables, `by`, `period` and measures — without calling Lua again.",
            fields: [
                FieldRule("dataset", .dataset, required: true, "the dataset that gets the field"),
                FieldRule("name", .text, required: true, "the field's name; its id is \"dataset.name\""),
                FieldRule("type", .choice(["bool", "int", "number", "money", "date", "text"]), required: true, "what `value` returns (money: dollars; date: \"YYYY-MM-DD\")"),
                FieldRule("value", .function, required: true, "function(row) → the value, or nil for missing"),
                FieldRule("override", .bool, "replace the derive with the same dataset and name from an earlier pack"),
            ],
            example: #"derive { dataset = "encounters", name = "in_dnfb", type = "bool", value = function(e) return e.discharge_date ~= nil and #e.claims == 0 end }"#,
            hasID: false),
        ConstructorSpec(name: "field", summary: "Types an extra export column: the column whose header is `name` becomes a field of that type, read by name like a canonical one (bad values are field issues, kept as missing).",
            fields: [
                FieldRule("dataset", .dataset, required: true, "the dataset whose export has the column"),
                FieldRule("name", .text, required: true, "the column's header, and the field's name; its id is \"dataset.name\""),
                FieldRule("type", .choice(["id", "text", "int", "number", "money", "date", "datetime", "bool", "list"]), required: true, "how its values are read (as SPEC section 5's types)"),
                FieldRule("override", .bool, "replace the field with the same dataset and name from an earlier pack"),
            ],
            example: #"field { dataset = "encounters", name = "patient_class_code", type = "text" }"#,
            hasID: false),
        ConstructorSpec(name: "calendar", summary: "Holidays for `date.business_days(a, b, calendar)`; weekends are never business days.",
            fields: [
                FieldRule("id", .text, required: true, "the name `date.business_days` is given"),
                FieldRule("holidays", .list(.text), "dates \"YYYY-MM-DD\" that are not business days"),
                FieldRule("override", .bool, "replace a definition with the same id from an earlier pack"),
            ],
            example: #"calendar { id = "mercy", holidays = { "2025-01-01", "2025-07-04", "2025-12-25" } }"#,
            hasID: true),
    ]

    public static let helpers: [HelperSpec] = [
        HelperSpec(name: "param", signature: "param(name [, key])", summary: "a parameter's value (a map param's entry for key, else its default); names may be qualified, \"pack.name\"", availability: .everywhere),
        HelperSpec(name: "count", signature: "count(dataset [, where [, options]])", summary: "number of rows (matching `where`: a function, or a table whose keys are fields, paths or, in KPIs, `failed = \"ROLE\" | \"POLICY-ID\"`); options `{ period, window = { trailing_days = N }, money = true }`", availability: .loading),
        HelperSpec(name: "sum", signature: "sum(dataset, field_or_fn [, where [, options]])", summary: "sum of a field or function over rows; money sums are exact (`money = true`: the function returns integer cents)", availability: .loading),
        HelperSpec(name: "avg", signature: "avg(dataset, field_or_fn [, where [, options]])", summary: "mean; nil values are skipped", availability: .loading),
        HelperSpec(name: "median", signature: "median(dataset, field_or_fn [, where [, options]])", summary: "exact median", availability: .loading),
        HelperSpec(name: "min", signature: "min(dataset, field_or_fn [, where [, options]])", summary: "smallest value", availability: .loading),
        HelperSpec(name: "max", signature: "max(dataset, field_or_fn [, where [, options]])", summary: "largest value", availability: .loading),
        HelperSpec(name: "is_not", signature: "is_not(value)", summary: "`where` operator: differs from value", availability: .loading),
        HelperSpec(name: "any_of", signature: "any_of{ a, b, … }", summary: "`where` operator: equals one of them", availability: .loading),
        HelperSpec(name: "present", signature: "present()", summary: "`where` operator: not nil", availability: .loading),
        HelperSpec(name: "missing", signature: "missing()", summary: "`where` operator: nil", availability: .loading),
        HelperSpec(name: "between", signature: "between(a, b)", summary: "`where` operator: a ≤ value ≤ b", availability: .loading),
        HelperSpec(name: "within", signature: "within(from_days, to_days)", summary: "`where` operator: date within these days of the as-of date", availability: .loading),
        HelperSpec(name: "require", signature: "require(\"a.b\")", summary: "loads lib/a/b.lua of the same pack, once per state", availability: .everywhere),
        HelperSpec(name: "ref.get", signature: "ref.get(id, key… [, { on = date }])", summary: "the reference row with that key that applies on the date (default: the as-of date), as a table of its columns; nil when none", availability: .callbacks),
        HelperSpec(name: "ref.has", signature: "ref.has(id, key… [, { on = date }])", summary: "whether such a row exists", availability: .callbacks),
        HelperSpec(name: "log", signature: "log(...)", summary: "to stderr and the report's logs (capped)", availability: .everywhere),
        HelperSpec(name: "print", signature: "print(...)", summary: "same as log", availability: .everywhere),
    ] + ThresholdHelpers.specs + DataHelpers.specs + MoneyHelpers.specs + DateHelpers.specs

    public static func constructor(named name: String) -> ConstructorSpec? {
        constructors.first { $0.name == name }
    }
}
