// Host functions: a C closure reads the arguments raw, calls the host through a plain C
// function pointer, then pushes the results or raises the host's error itself. The host
// (Swift) never calls a Lua API function that could raise.
#include "internal.h"
#include <string.h>

int ups_host_trampoline(lua_State *L) {
    ups_sandbox *sb = ups_sandbox_of(L);
    if (sb->host.call == NULL) return luaL_error(L, "host functions are not available in this state");
    int count = lua_gettop(L);
    if (count > UPS_HOST_MAX_VALUES) return luaL_error(L, "too many arguments (at most %d)", UPS_HOST_MAX_VALUES);
    ups_value arguments[UPS_HOST_MAX_VALUES];
    for (int i = 0; i < count; i++) {
        ups_value *argument = &arguments[i];
        memset(argument, 0, sizeof *argument);
        argument->type = lua_type(L, i + 1);
        switch (argument->type) {
        case LUA_TBOOLEAN: argument->integer = lua_toboolean(L, i + 1); break;
        case LUA_TNUMBER:
            argument->is_integer = lua_isinteger(L, i + 1);
            argument->integer = lua_tointeger(L, i + 1);
            argument->number = lua_tonumber(L, i + 1);
            break;
        case LUA_TSTRING: argument->string = lua_tolstring(L, i + 1, &argument->length); break;
        default: break;   // tables, functions, userdata: the host sees only their type
        }
    }
    ups_value results[UPS_HOST_MAX_VALUES];
    int result_count = 0;
    const char *error = NULL;
    size_t error_length = 0;
    int32_t id = (int32_t)lua_tointeger(L, lua_upvalueindex(1));
    ups_charge(L, 1);
    int failed = sb->host.call(sb->host.context, id, arguments, count, results, &result_count,
                               &error, &error_length);
    if (failed) {
        lua_pushlstring(L, error ? error : "host function failed", error ? error_length : 20);
        luaL_where(L, 1);                // "file:line: " of the script that called us
        lua_insert(L, -2);
        lua_concat(L, 2);
        return lua_error(L);
    }
    if (result_count < 0 || result_count > UPS_HOST_MAX_VALUES) result_count = 0;
    luaL_checkstack(L, result_count, "too many results");
    for (int i = 0; i < result_count; i++) ups_push_value(L, &results[i]);
    return result_count;
}
