import LuaRuntime
print(LuaVersion.expected)
