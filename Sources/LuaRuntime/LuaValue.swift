import CLua
import CLuaShim

/// A Lua value as the host sees it. Functions and tables are references into the state that
/// produced them and are meaningful only there.
public enum LuaValue: Sendable, Equatable {
    case `nil`
    case boolean(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case function(LuaReference)
    case table(LuaReference)
    /// A row of a registered table, as an argument from the host (Lua sees a row proxy).
    case row(RegisteredTable, Int)
    /// Userdata, threads: only their type name crosses.
    case other(String)

    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    public var isNil: Bool { self == .nil }
}

/// A registry reference held by a `LuaState`.
public struct LuaReference: Sendable, Hashable {
    public let id: Int32
}

extension LuaValue {
    /// Copies a value the C side exported; strings are copied out of the state.
    init(exported value: ups_value) {
        switch value.type {
        case LUA_TBOOLEAN: self = .boolean(value.integer != 0)
        case LUA_TNUMBER: self = value.is_integer != 0 ? .integer(value.integer) : .number(value.number)
        case LUA_TSTRING:
            let bytes = UnsafeRawBufferPointer(start: value.string, count: value.length)
            self = .string(String(decoding: bytes, as: UTF8.self))
        case LUA_TFUNCTION: self = .function(LuaReference(id: Int32(truncatingIfNeeded: value.integer)))
        case LUA_TTABLE: self = .table(LuaReference(id: Int32(truncatingIfNeeded: value.integer)))
        case LUA_TNIL, LUA_TNONE: self = .nil
        case LUA_TUSERDATA, LUA_TLIGHTUSERDATA: self = .other("userdata")
        default: self = .other("thread")
        }
    }
}
