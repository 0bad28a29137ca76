import CLua
import CLuaShim

/// A Swift function scripts can call. It receives plain values (tables and functions arrive as
/// `.other`) and returns plain values, or throws `HostFunctionError` with a message the script
/// sees as a Lua error at its call site. It must not call back into the state.
public typealias HostFunction = ([LuaValue]) throws -> [LuaValue]

/// The error a host function throws to raise a Lua error in the calling script.
public struct HostFunctionError: Error, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

extension LuaState {
    /// Installs `function` as `environment[table][name]` (or a global when `table` is nil).
    /// The table is created read-only when absent.
    public func installHostFunction(
        _ name: String, in table: String?, of environment: LuaReference,
        _ function: @escaping HostFunction
    ) throws {
        let id = Int32(hostFunctions.count)
        hostFunctions.append(function)
        let status: Int32 = if let table { ups_install_host_function(L, environment.id, table, name, id) }
            else { ups_install_host_function(L, environment.id, nil, name, id) }
        try check(status, chunk: "")
    }

    /// Installs the sandbox's C implementation of `table.name` (see `dates.c`): for helpers that
    /// run once per row, where a trip through a Swift host function would dominate.
    public func installNativeFunction(_ name: String, in table: String, of environment: LuaReference) throws {
        try check(ups_install_native_function(L, environment.id, table, name), chunk: "")
    }

    /// Sets what the native `date.as_of()` answers; nil makes it raise (the date is not known yet).
    public func setAsOf(_ days: Int32?) {
        ups_set_as_of(L, days == nil ? 0 : 1, days ?? 0)
    }

    /// Called from the C trampoline; fills the results or the error message.
    func callHost(
        id: Int32, arguments: UnsafePointer<ups_value>?, count: Int32,
        results: UnsafeMutablePointer<ups_value>?, resultCount: UnsafeMutablePointer<Int32>?,
        errorMessage: UnsafeMutablePointer<UnsafePointer<CChar>?>?, errorLength: UnsafeMutablePointer<Int>?
    ) -> Int32 {
        guard id >= 0, Int(id) < hostFunctions.count, let results, let resultCount else { return 1 }
        let values = (0..<Int(count)).map { LuaValue(exported: arguments![$0]) }
        do {
            let returned = try hostFunctions[Int(id)](values)
            hostScratch.reset()
            let n = min(returned.count, Int(UPS_HOST_MAX_VALUES))
            for i in 0..<n { results[i] = hostScratch.export(returned[i]) }
            resultCount.pointee = Int32(n)
            return 0
        } catch {
            let message = (error as? HostFunctionError)?.message ?? "\(error)"
            hostScratch.reset()
            let exported = hostScratch.export(.string(message))
            errorMessage?.pointee = exported.string
            errorLength?.pointee = exported.length
            return 1
        }
    }
}

/// Bytes of strings handed to C by host functions; valid until the next host call.
struct HostScratch {
    private var buffers: [UnsafeMutableBufferPointer<CChar>] = []

    mutating func reset() {
        for buffer in buffers { buffer.deallocate() }
        buffers.removeAll(keepingCapacity: true)
    }

    mutating func export(_ value: LuaValue) -> ups_value {
        var out = ups_value()
        switch value {
        case .nil, .other: out.type = LUA_TNIL
        case .boolean(let b): out.type = LUA_TBOOLEAN; out.integer = b ? 1 : 0
        case .integer(let i): out.type = LUA_TNUMBER; out.is_integer = 1; out.integer = i
        case .number(let d): out.type = LUA_TNUMBER; out.number = d
        case .string(let s):
            let utf8 = Array(s.utf8)
            let buffer = UnsafeMutableBufferPointer<CChar>.allocate(capacity: max(utf8.count, 1))
            utf8.withUnsafeBytes { raw in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw)
            }
            buffers.append(buffer)
            out.type = LUA_TSTRING; out.string = UnsafePointer(buffer.baseAddress); out.length = utf8.count
        case .function(let ref): out.type = LUA_TFUNCTION; out.integer = Int64(ref.id)
        case .table(let ref): out.type = LUA_TTABLE; out.integer = Int64(ref.id)
        case .row(let table, let row): out.type = LUA_TUSERDATA; out.integer = Int64(row); out.number = Double(table.reference.id)
        }
        return out
    }
}

/// The C-callable entry for host functions; `context` is the LuaState.
let hostTrampoline: ups_host_fn = { context, id, arguments, count, results, resultCount, error, errorLength in
    guard let context else { return 1 }
    let state = Unmanaged<LuaState>.fromOpaque(context).takeUnretainedValue()
    return state.callHost(id: id, arguments: arguments, count: count, results: results,
                          resultCount: resultCount, errorMessage: error, errorLength: errorLength)
}

/// Plain arguments laid out for a C entry point.
enum ValueMarshal {
    static func withValues<R>(_ values: [LuaValue], _ body: (UnsafePointer<ups_value>, Int32) throws -> R) rethrows -> R {
        var scratch = HostScratch()
        defer { scratch.reset() }
        let exported = values.map { scratch.export($0) }
        return try exported.withUnsafeBufferPointer { buffer in
            try body(buffer.baseAddress ?? UnsafePointer(bitPattern: 8)!, Int32(buffer.count))
        }
    }
}
