import LuaRuntime

/// Every parameter of a run with its final value: declarations from packs (and the host),
/// changed by later packs' `set`, then by `--param` (SPEC section 2).
public struct ParamSet: Sendable {
    public struct Entry: Sendable, Equatable {
        /// `pack.name`; host params are declared by the pack "upstream".
        public var qualifiedName: String
        public var declaration: ParamDeclaration
        public var value: ParamValue?
        /// Who gave the value: "default", a pack name, or "--param".
        public var source: String
    }

    /// By qualified name.
    public private(set) var entries: [String: Entry] = [:]
    private var requirements: [String: [String]] = [:]   // pack → its requirements, transitively, in order

    /// Host params every run has (SPEC section 3).
    public static let hostDeclarations: [(String, ParamDeclaration)] = [
        ("rework_cost_per_claim", ParamDeclaration(type: .money, defaultValue: nil,
            help: "Rework cost of one denied claim; without it rework_cost is null (DOMAIN gives only a $25–$118 range)")),
        ("clean_counts_scrubber_edits", ParamDeclaration(type: .bool, defaultValue: .bool(true),
            help: "A claim with scrubber edits is not clean")),
        ("clean_counts_manual_touches", ParamDeclaration(type: .bool, defaultValue: .bool(true),
            help: "A claim with manual touches is not clean")),
        ("clean_counts_rejections", ParamDeclaration(type: .bool, defaultValue: .bool(true),
            help: "A rejected claim is not clean")),
    ]
    public static let hostPack = "upstream"

    /// Resolves params for `packs` in load order, then applies `overrides` (`name=value` texts
    /// from `--param`, where name may be `pack.param`, `param.key` or `pack.param.key`).
    public init(packs: [LoadedPack], overrides: [String]) throws {
        for (name, declaration) in Self.hostDeclarations {
            entries[Self.hostPack + "." + name] = Entry(qualifiedName: Self.hostPack + "." + name, declaration: declaration,
                                                        value: declaration.defaultValue, source: "default")
        }
        let byName = Dictionary(uniqueKeysWithValues: packs.map { ($0.name, $0) })
        for pack in packs {
            requirements[pack.name] = Self.closure(of: pack, in: byName)
            for name in pack.manifest.params.keys.sorted() {
                let declaration = pack.manifest.params[name]!
                // Redeclaring a requirement's param would make `param(name)` mean two things.
                if let owner = requirements[pack.name]!.first(where: { byName[$0]?.manifest.params[name] != nil }) {
                    throw PackError.invalidParameter(file: pack.name + "/pack.lua",
                        message: "param '\(name)' is already declared by pack '\(owner)'; a param is declared by one pack only: change it with set = { \(name) = … }")
                }
                let qualified = pack.name + "." + name
                entries[qualified] = Entry(qualifiedName: qualified, declaration: declaration, value: declaration.defaultValue, source: "default")
            }
        }
        for pack in packs {
            for name in pack.manifest.set.keys.sorted() {
                guard let qualified = lookup(name, from: pack.name) else {
                    throw PackError.unknownTarget(file: pack.name + "/pack.lua", kind: "set", name: name)
                }
                let entry = entries[qualified]!
                guard let value = ParamParser.value(pack.manifest.set[name]!, as: entry.declaration.type) else {
                    throw PackError.invalidParameter(file: pack.name + "/pack.lua",
                        message: "set \(name): expected a \(entry.declaration.type), got a \(pack.manifest.set[name]!.typeName)")
                }
                entries[qualified]!.value = Self.merge(value, into: entry.value)
                entries[qualified]!.source = pack.name
            }
        }
        for text in overrides { try apply(override: text) }
    }

    /// The qualified name `name` means when pack `caller` uses it: a qualified name as is, else
    /// the caller's own param, then its requirements' (nearest first), then a host param.
    public func lookup(_ name: String, from caller: String) -> String? {
        if entries[name] != nil { return name }
        for pack in [caller] + (requirements[caller] ?? []).reversed() + [Self.hostPack] {
            if entries[pack + "." + name] != nil { return pack + "." + name }
        }
        return nil
    }

    /// What `param(name [, key])` reads from `caller`.
    public func value(_ name: String, key: String? = nil, from caller: String) -> ParamValue? {
        guard let qualified = lookup(name, from: caller), let value = entries[qualified]?.value else { return nil }
        guard let key else { return value }
        if case .map(let fallback, let map) = value { return map[key] ?? fallback }
        return nil
    }

    // MARK: - Private

    private static func packOf(_ qualified: String) -> String {
        String(qualified.split(separator: ".", maxSplits: 1).first ?? "")
    }

    /// A pack's requirements, transitively, deepest first.
    private static func closure(of pack: LoadedPack, in packs: [String: LoadedPack]) -> [String] {
        var seen: [String] = []
        func visit(_ name: String) {
            guard let required = packs[name] else { return }
            for child in required.manifest.requires where !seen.contains(child) { visit(child) }
            if !seen.contains(name) { seen.append(name) }
        }
        for requirement in pack.manifest.requires { visit(requirement) }
        return seen
    }

    /// A `set` or `--param` of a map changes only the entries it names.
    private static func merge(_ value: ParamValue, into old: ParamValue?) -> ParamValue {
        guard case .map(let newFallback, let newEntries) = value, case .map(let oldFallback, let oldEntries)? = old else { return value }
        return .map(default: newFallback ?? oldFallback, entries: oldEntries.merging(newEntries) { $1 })
    }

    private mutating func apply(override text: String) throws {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw PackError.invalidParameterOverride(message: "--param '\(text)': expected NAME=VALUE, like --param clean_claim_target=0.97")
        }
        let name = String(text[..<equals]), raw = String(text[text.index(after: equals)...])
        // Longest known prefix wins: "pack.param", then "param"; what follows is a map key.
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        var target: (qualified: String, key: String?)?
        for split in stride(from: parts.count, through: 1, by: -1) {
            let head = parts[..<split].joined(separator: "."), tail = parts[split...].joined(separator: ".")
            let candidates = entries.keys.filter { $0 == head || $0.hasSuffix("." + head) && !head.contains(".") }.sorted()
            if candidates.count > 1 {
                throw PackError.invalidParameterOverride(message: "--param \(name): '\(head)' is declared by several packs (\(candidates.joined(separator: ", "))); qualify it as PACK.\(head)")
            }
            if let only = candidates.first { target = (only, tail.isEmpty ? nil : tail); break }
        }
        guard let (qualified, key) = target else {
            throw PackError.invalidParameterOverride(message: "--param \(name): no loaded pack declares a param '\(name)'; each pack's pack.lua (and README) lists the params it declares")
        }
        let type = entries[qualified]!.declaration.type
        let value: ParamValue?
        if let key {
            guard case .map(let element) = type else {
                throw PackError.invalidParameterOverride(message: "--param \(name): '\(qualified)' is a \(type), not a map; only map params take NAME.KEY=VALUE")
            }
            value = ParamParser.text(raw, as: element).map { .map(default: nil, entries: [key: $0]) }
        } else {
            value = ParamParser.text(raw, as: type)
        }
        guard let value else {
            throw PackError.invalidParameterOverride(message: "--param \(name)=\(raw): '\(raw)' is not a valid \(type)")
        }
        entries[qualified]!.value = Self.merge(value, into: entries[qualified]!.value)
        entries[qualified]!.source = "--param"
    }
}
