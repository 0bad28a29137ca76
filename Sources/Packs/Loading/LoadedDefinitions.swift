import LuaRuntime

/// The definitions of a finished load, for helpers that read them from callbacks
/// (`thresholds(role)`, calendars of `date.business_days`). Empty until `PackLoader.load`
/// returns: while scripts run, later scripts may still add or override definitions.
final class LoadedDefinitions {
    private(set) var definitions: [Definition]?

    func finish(_ definitions: [Definition]) { self.definitions = definitions }

    /// The loaded definitions, or the error a helper raises while packs are still loading.
    func all(for helper: String) throws -> [Definition] {
        guard let definitions else {
            throw HostFunctionError("\(helper) is known once every pack has loaded; call it inside a callback")
        }
        return definitions
    }
}
