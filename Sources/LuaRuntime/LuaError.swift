/// Why a state stopped for good. After a breach the state refuses every further call and
/// must be discarded.
public enum SandboxBreach: String, Sendable, Equatable {
    case instructionBudget = "instruction budget exhausted"
    case deadline = "run deadline exceeded"
    case cancelled = "run cancelled"
    case memory = "memory limit exceeded"

    init?(code: UInt32) {
        switch code {
        case 1: self = .instructionBudget
        case 2: self = .deadline
        case 3: self = .cancelled
        case 4: self = .memory
        default: return nil
        }
    }
}

/// A script error, with where it happened. `chunk` is the script's name as the host gave it
/// (for packs, `pack/path.lua`), `line` 0 when unknown.
public struct ScriptError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        case runtime, syntax, memory, errorInErrorHandling
    }

    public var kind: Kind
    public var message: String
    public var chunk: String
    public var line: Int
    public var traceback: String?
    /// Set when the error ended the state (budget, deadline, cancellation, memory).
    public var breach: SandboxBreach?
    /// The error came from reading a column the input does not have: the definition is skipped.
    public var readAbsentColumn: Bool
    /// The error came from reading `row.failures` or `row:failed` before the policies ran.
    public var readFailuresEarly = false
    /// For row callbacks: the row whose callback failed.
    public var row: Int?

    public var description: String {
        var text = message
        if let breach, !message.contains(breach.rawValue) { text = "\(breach.rawValue): \(message)" }
        if !chunk.isEmpty, line > 0, !text.hasPrefix("\(chunk):") { text = "\(chunk):\(line): \(text)" }
        return text
    }
}

/// Errors of the runtime itself, apart from script errors.
public enum LuaRuntimeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The state could not be created (the memory cap is too small for Lua's own tables).
    case stateCreationFailed(memoryBytes: Int)
    /// A registry reference that does not name a value of the expected type.
    case notAFunction(String)

    public var description: String {
        switch self {
        case .stateCreationFailed(let bytes): "could not create a Lua state within \(bytes) bytes"
        case .notAFunction(let what): "\(what) is not a function"
        }
    }
}
