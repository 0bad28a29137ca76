/// A pack found on disk with its validated manifest.
/// Immutable after resolution, so workers on several threads may share it.
public final class LoadedPack: @unchecked Sendable {
    public let directory: PackDirectory
    public let manifest: PackManifest

    public var name: String { manifest.name }
    public var path: String { directory.path }

    init(directory: PackDirectory, manifest: PackManifest) {
        self.directory = directory
        self.manifest = manifest
    }
}
