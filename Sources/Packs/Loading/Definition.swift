import LuaRuntime

/// One validated definition, as data. Function fields are references into the state that
/// loaded it; another state loading the same packs makes its own (definitions match by id).
public struct Definition: Sendable {
    /// The constructor's name: policy, kpi, threshold, attribution, role, mapping.
    public let kind: String
    /// nil for attribution tables, which merge per code instead.
    public let id: String?
    public let pack: String
    /// `pack/path.lua`, as messages and reports name it.
    public let file: String
    public let line: Int
    public let table: TableSnapshot

    public var location: String { "\(file):\(line)" }
    public var overrides: Bool { table["override"]?.bool == true }
    /// "policy 'PA-ELIG-01'" or "attribution", for messages.
    public var label: String { id.map { "\(kind) '\($0)'" } ?? kind }
}

/// A pack's scripts as loaded: the report lists each with its SHA-256.
public struct PackScript: Sendable, Equatable {
    public let path: String
    public let sha256: String
}
