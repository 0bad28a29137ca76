import DataModel
import Ingest
import LuaRuntime

/// Turns `mapping{}` definitions into the plain mappings ingestion reads with, and runs their
/// `transform` functions in the state that loaded them.
public final class MappingBuilder: MappingTransformer {
    private let state: LuaState
    private var transforms: [String: LuaReference] = [:]

    /// `state` must be the one that loaded `definitions`, used on its own thread only.
    public init(state: LuaState) {
        self.state = state
    }

    public func mappings(from definitions: [Definition]) throws -> [Mapping] {
        var typed: [String: [String: FieldType]] = [:]
        for field in TypedExtraFields.declared(in: definitions) { typed[field.dataset, default: [:]][field.name] = field.type }
        return try definitions.filter { $0.kind == "mapping" }.map { try mapping($0, typed: typed) }
    }

    public func transform(_ key: String, _ value: String) throws -> String? {
        guard let function = transforms[key] else { return value }
        switch try state.call(function, [.string(value)]).first ?? .nil {
        case .nil: return nil
        case .string(let s): return s
        case .integer(let i): return String(i)
        case .number(let d): return String(d)
        case .boolean(let b): return b ? "true" : "false"
        case let other: throw HostFunctionError("transform returned \(other); return a string or nil")
        }
    }

    private func mapping(_ definition: Definition, typed: [String: [String: FieldType]]) throws -> Mapping {
        let id = definition.id ?? ""
        func fail(_ message: String) -> PackError {
            .definitionInvalid(label: definition.label, location: definition.location, message: message)
        }
        var datasets: [String: DatasetMapping] = [:]
        let table = definition.table["datasets"]?.table
        for name in table?.fieldNames ?? [] {
            guard let spec = table?[name]?.table, let file = spec["file"]?.string else { continue }
            var plan = DatasetMapping(file: file)
            plan.extraTypes = typed[name] ?? [:]
            if let delimiter = spec["delimiter"]?.string {
                let named = ["tab": "\t", "pipe": "|", "semicolon": ";", "comma": ","][delimiter] ?? delimiter
                guard named.utf8.count == 1, let byte = named.utf8.first, byte != 34, byte != 10, byte != 13 else {
                    throw fail("datasets.\(name).delimiter must be one character (\",\", \"\\t\", \"|\", \";\"), not \"\(delimiter)\"")
                }
                plan.delimiter = byte
            }
            if let encoding = spec["encoding"]?.string { plan.encoding = TextEncoding(rawValue: encoding) ?? .utf8 }
            if let filters = spec["where"]?.table {
                plan.filters = filters.fieldNames.map { ($0, Self.text(filters[$0]!) ?? "") }
            }
            for field in spec["fields"]?.table?.fieldNames ?? [] {
                let value = spec["fields"]!.table![field]!
                if let column = value.string {
                    plan.fields[field] = FieldSource(column: column)
                    continue
                }
                guard let detail = value.table else { continue }
                var source = FieldSource(column: detail["column"]?.string)
                source.constant = detail["value"].flatMap(Self.text)
                if source.column == nil && source.constant == nil {
                    throw fail("datasets.\(name).fields.\(field) needs column = \"…\" or value = …")
                }
                if let values = detail["values"]?.table {
                    source.values = Dictionary(uniqueKeysWithValues: values.fieldNames.map { ($0, Self.text(values[$0]!) ?? "") })
                }
                source.defaultValue = detail["default"].flatMap(Self.text)
                source.scale = detail["scale"]?.number
                source.timeZone = detail["tz"]?.string
                if let pattern = detail["format"]?.string {
                    do { source.format = try DateFormat(pattern) } catch { throw fail("datasets.\(name).fields.\(field): \(error)") }
                }
                if let function = detail["transform"]?.function {
                    let key = "\(id).\(name).\(field)"
                    transforms[key] = function
                    source.transform = key
                }
                plan.fields[field] = source
            }
            datasets[name] = plan
        }
        return Mapping(id: id, datasets: datasets)
    }

    private static func text(_ value: SnapshotValue) -> String? {
        switch value {
        case .value(.string(let s)): s
        case .value(.integer(let i)): String(i)
        case .value(.number(let d)): d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case .value(.boolean(let b)): b ? "true" : "false"
        default: nil
        }
    }
}
