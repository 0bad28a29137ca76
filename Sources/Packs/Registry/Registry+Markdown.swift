/// Renders `docs/lua-api.md` from the registry (a test keeps the committed file in step).
extension Registry {
    public static func markdown() -> String {
        var out = """
            # Lua API reference

            Generated from the registry in `Sources/Packs/Registry` by `upstream api-reference`;
            a test fails when this file and the registry differ. The semantics are SPEC section 3.

            Definition scripts (every `*.lua` of a pack except `pack.lua`, `lib/` and `tests/`, in
            sorted path order) call the constructors below. Functions they register run later,
            per row, in several sandboxed states at once: they must be pure. After loading, globals
            and every table a script built are read-only.

            ## Constructors

            """
        for constructor in constructors {
            out += "\n### `\(constructor.name) { … }`\n\n\(constructor.summary)\n\n"
            out += "| field | type | required | meaning |\n|---|---|---|---|\n"
            for field in constructor.fields {
                out += "| `\(field.name)` | \(field.shape.documentation) | \(field.required ? "yes" : "") | \(field.help.replacing("|", with: "\\|")) |\n"
                if case .record(let nested) = field.shape { out += nestedRows(nested, prefix: field.name) }
                if case .map(.record(let nested)) = field.shape { out += nestedRows(nested, prefix: field.name + ".<key>") }
                if case .either(let shapes) = field.shape {
                    for case .record(let nested) in shapes { out += nestedRows(nested, prefix: field.name) }
                }
            }
            out += "\n```lua\n\(constructor.example)\n```\n"
        }
        out += "\n## Helpers\n\n| function | where | what it does |\n|---|---|---|\n"
        for helper in helpers {
            out += "| `\(helper.signature)` | \(helper.availability.rawValue) | \(helper.summary.replacing("|", with: "\\|")) |\n"
        }
        out += """

            ## What rows read besides their fields

            - `<field>_cents` for every money field: integer cents (`ch.amount_cents`), also in
              `sum`, `where` tables and declared paths.
            - Host-derived fields: `encounter.total_charge`; `claim.paid`, `days_to_pay`, `denied`,
              `denial_role`, `denial_category`, `first_remit` (a remit row) and `balance_as_of`
              (total_charge minus the remits' `paid` received by as-of, the adjustments other than
              group PR dated by as-of — by their remit's `received_on`, the first remit's when they
              have no `remit_id`, as-of when the claim has no remit — and the encounter's
              `source = "patient"` payments received by as-of, on its first claim only);
              `adjustment.denial`, `denial_role`, `denial_category`, `initial`. A derived field the
              data cannot give (no remits loaded) is absent: reading it skips the definition.
            - In KPIs only: `claim.clean`.
            - In KPIs and `refine`: `row.failures`, the policy failures on that row as a read-only
              sequence of `{ policy, role, severity, code, message }` (policy order), and
              `row:failed(policy_id_or_role)`. In policies and derive{} both raise ("row.failures is
              readable in KPIs and refine only"): they run before any result exists. A `refine`
              that reads them makes attribution run again after the policies; the first pass, which
              policies and derive{} fields see, counts that refine's answer as none.
            - In KPIs and `refine`: `staff.proficiency`, `{ status, scores = { skill = score },
              courses_missing = { … } }` (frozen), nil for a person without a status.

            ## The sandbox

            Available: the base functions `assert`, `error`, `getmetatable`, `ipairs`, `next`, `pairs`,
            `pcall`, `print`, `rawequal`, `rawget`, `rawlen`, `rawset`, `select`, `setmetatable`,
            `tonumber`, `tostring`, `type`, `xpcall`, `load` (text only, in the pack's environment),
            `collectgarbage("count")`; the libraries `string` (without `dump`; `find`, `match`,
            `gmatch` and `gsub` are the sandbox's own bounded matcher, with stock Lua 5.4 results),
            `table`, `math` (deterministic `random`) and `utf8`.
            Absent: `io`, `os`, `debug`, `package`, `coroutine`, `dofile`, `loadfile`. Metatables
            with `__gc` or `__mode` are refused. Limits (memory, instructions per callback, output)
            are set on the command line; a breach ends the state. See `docs/threat-model.md`.

            """
        return out
    }

    private static func nestedRows(_ rules: [FieldRule], prefix: String) -> String {
        rules.map { "| `\(prefix).\($0.name)` | \($0.shape.documentation) | \($0.required ? "yes" : "") | \($0.help.replacing("|", with: "\\|")) |\n" }.joined()
    }
}
