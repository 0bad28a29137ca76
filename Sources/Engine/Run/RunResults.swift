import DataModel
import Ingest
import LuaRuntime
import Packs

/// Everything one run computed, before rendering (SPEC section 6 renders it as JSON).
public struct RunResults: Sendable {
    public var toolVersion: String
    public var asOf: Int32
    public var startedAt: String
    public var packs: [LoadedPack]
    public var scripts: [String: [PackScript]]
    public var params: ParamSet
    public var quality: DataQuality
    public var definitions: [Definition]
    public var policies: [PolicyOutcome]
    public var kpis: [KPIOutcome]
    public var attribution: AttributionOutcome?
    public var proficiency: [StaffProficiency]
    public var impact: [RoleImpact]
    /// print/log output while the packs loaded (kept from one state only).
    public var loadLogs: [String]
    public var data: EngineData
    /// The reference tables read for the run (their files appear in `run.inputs`).
    public var references: ReferenceSet = .empty
    /// derive{} fields: their errors, and why one is absent (skipped or disabled).
    public var derived: [DerivedField] = []
    /// Script errors of thresholds' `where` functions.
    public var thresholdErrors: [ScriptErrorEntry] = []
}
