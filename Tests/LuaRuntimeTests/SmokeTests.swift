import Testing
@testable import LuaRuntime

@Test func versionIsLua54() { #expect(LuaVersion.expected == "Lua 5.4") }
