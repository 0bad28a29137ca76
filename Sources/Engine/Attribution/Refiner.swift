import DataModel
import LuaRuntime
import Packs

/// Runs the packs' `refine(adj, claim, ctx)` functions (SPEC section 3): the latest-loaded
/// first, the first non-nil answer wins. Use it on the thread of the state it was made in.
public final class Refiner {
    private let state: LuaState
    /// Each refine function with the pack that defined it, latest-loaded first.
    private let functions: [(function: LuaReference, pack: String)]
    private let caller: LuaReference
    private let adjustments: RegisteredTable
    private let claims: RegisteredTable?
    public private(set) var errors: [ScriptErrorGroup] = []
    /// A refine function read `row.failures` (or `row:failed`) before the policies ran: that
    /// answer counted as none, and attribution must run again once their results are known.
    public private(set) var readFailuresEarly = false
    private let table: Table

    /// Lua that builds `ctx` and unpacks the answer into plain values.
    static let source = """
        return function(refine, adj, claim, role, category, source)
          local answer = refine(adj, claim, { role = role, category = category, source = source })
          if answer == nil then return nil end
          if type(answer) ~= "table" then error("refine must return nil or a table { role, category, staff, evidence }", 0) end
          return true, answer.role, answer.category, answer.staff, answer.evidence
        end
        """

    /// nil when no pack has a refine function or adjustments are not loaded.
    public init?(state: LuaState, definitions: [Definition], tables: [String: RegisteredTable], store: DataStore) throws {
        let functions = definitions.filter { $0.kind == "attribution" }.reversed()
            .compactMap { definition in definition.table["refine"]?.function.map { (function: $0, pack: definition.pack) } }
        guard !functions.isEmpty, let adjustments = tables["adjustments"], let table = store.table("adjustments") else { return nil }
        let helper = try state.makeEnvironment(pack: "upstream-engine")
        guard case .function(let caller)? = try state.run(Self.source, chunk: "upstream/refine.lua", in: helper).first else { return nil }
        self.state = state
        self.functions = functions
        self.caller = caller
        self.adjustments = adjustments
        self.claims = tables["claims"]
        self.table = table
    }

    public func refine(_ adjustment: Int, _ claim: Int?, _ role: String, _ category: String, _ source: String) -> Refinement? {
        let claimValue: LuaValue = claim.flatMap { row in claims.map { .row($0, row) } } ?? .nil
        for (function, pack) in functions {
            do {
                let answer = try state.call(caller, [
                    .function(function), .row(adjustments, adjustment), claimValue, .string(role), .string(category), .string(source),
                ])
                guard answer.first == .boolean(true) else { continue }
                func text(_ i: Int) -> String? { answer.count > i ? answer[i].stringValue : nil }
                return Refinement(role: text(1), category: text(2), staff: text(3), evidence: text(4), pack: pack)
            } catch let error as ScriptError where error.readFailuresEarly && error.breach == nil {
                readFailuresEarly = true
            } catch let error as ScriptError {
                errors.record(error, record: table.recordID(adjustment))
                if error.breach != nil { return nil }
            } catch {
                return nil
            }
        }
        return nil
    }
}
