import CLuaShim

/// The Lua release this runtime is built against.
public enum LuaVersion {
    public static let expected = "Lua 5.4"
}
