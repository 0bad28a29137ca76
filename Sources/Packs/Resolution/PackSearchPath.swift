import Foundation

/// Where `requires` are looked up, level by level (SPEC section 2): `--pack-path` directories,
/// then `UPSTREAM_PACK_PATH`, then the shipped packs. Never the current directory.
public struct PackSearchPath: Sendable, Equatable {
    public var packPath: [String]
    public var environment: [String]
    public var shipped: String?

    public init(packPath: [String] = [], environment: [String] = [], shipped: String? = nil) {
        self.packPath = packPath
        self.environment = environment
        self.shipped = shipped
    }

    /// The search path a command uses: its `--pack-path` options, the environment variable
    /// (colon-separated, empty entries ignored) and the shipped packs next to the executable.
    public static func standard(packPath: [String], environment: [String: String] = ProcessInfo.processInfo.environment) -> PackSearchPath {
        let fromEnvironment = (environment["UPSTREAM_PACK_PATH"] ?? "").split(separator: ":").map(String.init)
        return PackSearchPath(packPath: packPath, environment: fromEnvironment, shipped: ShippedPacks.directory())
    }

    var levels: [(name: String, directories: [String])] {
        [("--pack-path", packPath), ("UPSTREAM_PACK_PATH", environment), ("shipped packs", shipped.map { [$0] } ?? [])]
    }
}

/// Finds the packs shipped with Upstream: `share/upstream/plugins` under the installation
/// prefix, or, in a source checkout, the repository's `plugins/` above the built executable.
public enum ShippedPacks {
    public static func directory(executable: String = runningExecutable) -> String? {
        let fileManager = FileManager.default
        var url = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        let installed = url.deletingLastPathComponent().appendingPathComponent("share/upstream/plugins").path
        if fileManager.fileExists(atPath: installed) { return installed }
        for _ in 0..<6 {
            let plugins = url.appendingPathComponent("plugins").path
            if fileManager.fileExists(atPath: url.appendingPathComponent("Package.swift").path),
               fileManager.fileExists(atPath: plugins) { return plugins }
            url = url.deletingLastPathComponent()
        }
        return nil
    }

    /// This program's path: argv[0] when it names a path, else (started by bare name through
    /// PATH) the kernel's record of the executable, so the shipped packs are still found.
    public static var runningExecutable: String {
        let argument = CommandLine.arguments.first ?? ""
        if argument.contains("/") { return argument }
        return (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? argument
    }
}

extension ShippedPacks {
    /// Warnings for packs named like a shipped pack but loaded from elsewhere with different
    /// scripts (SPEC section 2): an edited copy shadows what the report's readers expect.
    public static func differences(packs: [LoadedPack], scripts: [String: [PackScript]], shipped: String?) -> [String] {
        guard let shipped else { return [] }
        var warnings: [String] = []
        for pack in packs {
            let shippedPath = shipped + "/" + pack.name
            guard FileManager.default.fileExists(atPath: shippedPath + "/pack.lua"),
                  URL(fileURLWithPath: shippedPath).standardizedFileURL.path != URL(fileURLWithPath: pack.path).standardizedFileURL.path,
                  let original = try? PackDirectory(path: shippedPath), let files = try? original.luaFiles()
            else { continue }
            var expected: [String: String] = [:]
            for path in files where !path.hasPrefix("tests/") {
                if let bytes = try? original.read(path) { expected[path] = PackLoader.sha256(bytes) }
            }
            let actual = Dictionary((scripts[pack.name] ?? []).map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
            let changed = Set(expected.keys).union(actual.keys).filter { expected[$0] != actual[$0] }.sorted()
            if !changed.isEmpty {
                warnings.append("pack '\(pack.name)' at \(pack.path) differs from the shipped pack of that name (\(shippedPath)): "
                    + changed.prefix(5).joined(separator: ", ") + (changed.count > 5 ? " and \(changed.count - 5) more" : ""))
            }
        }
        return warnings
    }
}
