#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DataModel

/// One export file a mapping reads, and the dataset it fills.
struct MappedInput {
    let mapping: Mapping
    let dataset: String
    let path: String
}

/// Splits `--data` arguments between mappings and canonical reading (SPEC section 5): a
/// mapping's glob is matched against file names in every --data directory (and against the name
/// of each --data file); datasets no mapping names are still read canonically.
enum MappedDiscovery {
    static func split(paths: [String], mappings: [Mapping]) throws(IngestError) -> (canonical: [InputFile], mapped: [MappedInput]) {
        let named = Set(mappings.flatMap { $0.datasets.keys })
        var canonical: [InputFile] = []
        var mapped: [MappedInput] = []
        var matchedAnything: Set<String> = []   // "mapping/dataset"
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0 else { throw .pathNotFound(path: path) }
            let isDirectory = info.st_mode & S_IFMT == S_IFDIR
            let names = isDirectory ? listFiles(path) : [baseName(path)]
            var claimed = false
            for mapping in mappings {
                for dataset in mapping.datasets.keys.sorted() {
                    let pattern = mapping.datasets[dataset]!.file
                    for name in names where fnmatch(pattern, name, 0) == 0 {
                        mapped.append(MappedInput(mapping: mapping, dataset: dataset,
                                                  path: isDirectory ? InputDiscovery.join(path, name) : path))
                        matchedAnything.insert(mapping.id + "/" + dataset)
                        claimed = true
                    }
                }
            }
            if isDirectory {
                canonical += try InputDiscovery.directory(path, required: false).filter { !named.contains($0.dataset) }
            } else if !claimed {
                let file = try InputDiscovery.file(path)
                if !named.contains(file.dataset) { canonical.append(file) }
            }
        }
        for mapping in mappings {
            for dataset in mapping.datasets.keys.sorted() where !matchedAnything.contains(mapping.id + "/" + dataset) {
                throw .mappingFileNotFound(mapping: mapping.id, dataset: dataset, pattern: mapping.datasets[dataset]!.file)
            }
        }
        if canonical.isEmpty && mapped.isEmpty, let first = paths.first { throw .noDatasets(path: first) }
        return (canonical, mapped)
    }

    private static func baseName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// Regular files of a directory, sorted by name (not recursive).
    private static func listFiles(_ directory: String) -> [String] {
        guard let stream = opendir(directory) else { return [] }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            var info = stat()
            if !name.hasPrefix("."), stat(InputDiscovery.join(directory, name), &info) == 0, info.st_mode & S_IFMT == S_IFREG {
                names.append(name)
            }
        }
        return names.sorted()
    }
}
