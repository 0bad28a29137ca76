import LuaRuntime

/// What `pack.lua` returns (SPEC section 2), validated.
public struct PackManifest: Sendable {
    public var name: String
    public var version: String
    public var summary: String?
    public var requires: [String]
    /// Declared parameters, by name.
    public var params: [String: ParamDeclaration]
    /// Values this pack gives to parameters declared elsewhere (or to host params).
    public var set: [String: SnapshotValue]
    /// Definition ids this pack turns off.
    public var disable: [String]
}

/// One declared parameter.
public struct ParamDeclaration: Sendable, Equatable {
    public var type: ParamType
    /// nil only for params declared without a default (reading them gives nil).
    public var defaultValue: ParamValue?
    public var help: String
}

extension PackManifest {
    static let knownFields = ["disable", "name", "params", "requires", "set", "summary", "version"]

    /// Validates a manifest table; `file` is how messages name pack.lua.
    static func parse(_ table: TableSnapshot, file: String) throws -> PackManifest {
        func fail(_ message: String) -> PackError { .manifestInvalid(file: file, line: 0, message: message) }
        for field in table.fieldNames where !knownFields.contains(field) {
            throw fail("unknown field '\(field)' in the manifest; the fields are \(knownFields.joined(separator: ", "))")
        }
        if !table.items.isEmpty || !table.otherKeys.isEmpty {
            throw fail("the manifest must be a table of named fields (name = …, version = …), not a list")
        }
        func text(_ field: String, required: Bool) throws -> String? {
            guard let value = table[field] else {
                if required { throw fail("'\(field)' is missing; add \(field) = \"…\"") }
                return nil
            }
            guard let s = value.string, !s.isEmpty else { throw fail("'\(field)' must be a non-empty string, not a \(value.typeName)") }
            return s
        }
        func names(_ field: String) throws -> [String] {
            guard let value = table[field] else { return [] }
            guard let list = value.table, list.fields.isEmpty, list.otherKeys.isEmpty else {
                throw fail("'\(field)' must be a list of strings, like \(field) = { \"a\", \"b\" }")
            }
            return try list.items.map { item in
                guard let s = item.string, !s.isEmpty else { throw fail("'\(field)' must hold only non-empty strings, found a \(item.typeName)") }
                return s
            }
        }
        let name = try text("name", required: true)!
        let version = try text("version", required: true)!
        var params: [String: ParamDeclaration] = [:]
        if let value = table["params"] {
            guard let declared = value.table, declared.items.isEmpty else {
                throw fail("'params' must be a table of name = { type = …, default = …, help = … }")
            }
            for paramName in declared.fieldNames {
                params[paramName] = try ParamDeclaration.parse(declared[paramName]!, name: paramName, file: file)
            }
        }
        var set: [String: SnapshotValue] = [:]
        if let value = table["set"] {
            guard let values = value.table, values.items.isEmpty else { throw fail("'set' must be a table of param_name = value") }
            set = values.fields
        }
        let requires = try names("requires")
        if let duplicate = Dictionary(grouping: requires, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw fail("'requires' lists '\(duplicate)' twice")
        }
        return PackManifest(name: name, version: version, summary: try text("summary", required: false),
                            requires: requires, params: params, set: set, disable: try names("disable"))
    }
}

extension ParamDeclaration {
    static let knownFields = ["default", "entries", "help", "of", "type"]

    static func parse(_ value: SnapshotValue, name: String, file: String) throws -> ParamDeclaration {
        func fail(_ message: String) -> PackError { .manifestInvalid(file: file, line: 0, message: "param '\(name)': \(message)") }
        guard let table = value.table else { throw fail("must be a table like { type = \"number\", default = 0.95, help = \"…\" }") }
        for field in table.fieldNames where !knownFields.contains(field) {
            throw fail("unknown field '\(field)'; the fields are \(knownFields.joined(separator: ", "))")
        }
        let typeName = table["type"]?.string
        let elementName = table["of"]?.string
        let defaultValue = table["default"]
        var type: ParamType
        switch typeName {
        case nil:
            guard let defaultValue, let inferred = ParamParser.inferType(defaultValue) else {
                throw fail("has neither a type nor a default to infer it from; add type = \"number\" (or int, money, text, bool, date, list, map)")
            }
            type = inferred
        case "list", "map":
            let element: ParamType
            if let elementName {
                guard let scalar = ParamType(scalarName: elementName) else { throw fail("of = \"\(elementName)\" is not one of \(ParamType.scalarNames.joined(separator: ", "))") }
                element = scalar
            } else if typeName == "map", let defaultValue, let inferred = ParamParser.inferType(defaultValue) {
                element = inferred
            } else if typeName == "list", let first = defaultValue?.table?.items.first, let inferred = ParamParser.inferType(first) {
                element = inferred
            } else {
                element = .text
            }
            type = typeName == "list" ? .list(element) : .map(element)
        case let scalar?:
            guard let parsed = ParamType(scalarName: scalar) else {
                throw fail("type '\(scalar)' is not one of \((ParamType.scalarNames + ["list", "map"]).joined(separator: ", "))")
            }
            type = parsed
        }
        var parsedDefault: ParamValue?
        if case .map(let element) = type {
            // `default` is what keys without an entry read; `entries = { UHC = 90 }` the rest.
            var fallback: ParamValue?
            if let defaultValue {
                guard let parsed = ParamParser.value(defaultValue, as: element) else {
                    throw fail("default must be a \(element) (the value of keys without an entry), not a \(defaultValue.typeName)")
                }
                fallback = parsed
            }
            var entries: [String: ParamValue] = [:]
            if let given = table["entries"] {
                guard case .map(_, let parsed)? = ParamParser.value(given, as: type) else {
                    throw fail("entries must map text keys to \(element) values, like entries = { UHC = 90 }")
                }
                entries = parsed
            }
            parsedDefault = .map(default: fallback, entries: entries)
        } else {
            if table["entries"] != nil { throw fail("only map params have entries") }
            if let defaultValue {
                guard let parsed = ParamParser.value(defaultValue, as: type) else { throw fail("default must be a \(type), not a \(defaultValue.typeName)") }
                parsedDefault = parsed
            }
        }
        let help = table["help"]?.string ?? ""
        return ParamDeclaration(type: type, defaultValue: parsedDefault, help: help)
    }
}
