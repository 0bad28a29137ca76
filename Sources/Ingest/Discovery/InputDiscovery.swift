import DataModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns `--data` arguments into files, as SPEC section 5 says: a directory supplies
/// `DIR/<dataset>.csv|.json|.ndjson` (one format per dataset, else a usage error); a file is the
/// dataset its base name says; several paths concatenate in argument order.
public enum InputDiscovery {
    public static func files(for paths: [String]) throws(IngestError) -> [InputFile] {
        var found: [InputFile] = []
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0 else { throw .pathNotFound(path: path) }
            if info.st_mode & S_IFMT == S_IFDIR {
                found += try directory(path)
            } else {
                found.append(try file(path))
            }
        }
        return found
    }

    /// `required`: a folder without any canonical export is an error (it is not when mappings
    /// read other files from it).
    static func directory(_ dir: String, required: Bool = true) throws(IngestError) -> [InputFile] {
        var result: [InputFile] = []
        for spec in Schema.datasets {
            let present = [InputFormat.csv, .json, .ndjson].compactMap { format -> InputFile? in
                let path = join(dir, spec.name + "." + format.rawValue)
                return access(path, F_OK) == 0 ? InputFile(dataset: spec.name, path: path, format: format) : nil
            }
            if present.count > 1 { throw .ambiguousDataset(dataset: spec.name, paths: present.map(\.path)) }
            result += present
        }
        if result.isEmpty && required { throw .noDatasets(path: dir) }
        return result
    }

    static func file(_ path: String) throws(IngestError) -> InputFile {
        let base = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = base.lastIndex(of: ".") else { throw .unknownDataset(path: path) }
        guard let format = InputFormat(rawValue: String(base[base.index(after: dot)...]).lowercased()) else {
            throw .unsupportedFormat(path: path)
        }
        let name = String(base[..<dot])
        guard Schema.dataset(named: name) != nil else { throw .unknownDataset(path: path) }
        return InputFile(dataset: name, path: path, format: format)
    }

    static func join(_ dir: String, _ name: String) -> String {
        dir.hasSuffix("/") ? dir + name : dir + "/" + name
    }
}
