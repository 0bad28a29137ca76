// The base functions the sandbox replaces: pcall and xpcall that cannot swallow a breach,
// load that is text-only and bound to the pack's environment, print/log with an output cap,
// rawset that respects frozen tables, setmetatable without __gc/__mode, collectgarbage("count").
#include "internal.h"
#include <string.h>

static int sandbox_pcall(lua_State *L) {
    luaL_checkany(L, 1);
    lua_pushboolean(L, 1);
    lua_insert(L, 1);
    int status = lua_pcall(L, lua_gettop(L) - 2, LUA_MULTRET, 0);
    if (status != LUA_OK) {
        if (ups_sandbox_of(L)->breach != UPS_BREACH_NONE) return lua_error(L); // final
        lua_pushboolean(L, 0);
        lua_insert(L, -2);
        return 2;
    }
    return lua_gettop(L);
}

/// Stands between Lua and a script's message handler. After a breach the hook has left hooks
/// disabled, so running script code here could loop forever: the error passes through untouched.
static int guarded_message_handler(lua_State *L) {
    if (ups_sandbox_of(L)->breach != UPS_BREACH_NONE) return 1;
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int sandbox_xpcall(lua_State *L) {
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, guarded_message_handler, 1);
    lua_replace(L, 2);                  // stack: f, handler, args...
    lua_pushboolean(L, 1);
    lua_pushvalue(L, 1);
    lua_rotate(L, 3, 2);                // stack: f, handler, true, f, args...
    int status = lua_pcall(L, n - 2, LUA_MULTRET, 2);
    if (status != LUA_OK) {
        if (ups_sandbox_of(L)->breach != UPS_BREACH_NONE) return lua_error(L);
        lua_pushboolean(L, 0);
        lua_insert(L, -2);
        return 2;
    }
    return lua_gettop(L) - 2;
}

/// load(chunk [, chunkname [, mode [, env]]]): the mode is always "t"; without env the chunk
/// gets the calling pack's environment (upvalue 1), never the real global table.
static int sandbox_load(lua_State *L) {
    size_t length = 0;
    const char *code = NULL;
    if (lua_type(L, 1) == LUA_TSTRING) {
        code = lua_tolstring(L, 1, &length);
    } else {
        luaL_checktype(L, 1, LUA_TFUNCTION);
        luaL_Buffer buffer;
        luaL_buffinit(L, &buffer);
        for (;;) {                       // pieces until nil or ""
            lua_pushvalue(L, 1);
            lua_call(L, 0, 1);
            if (lua_isnil(L, -1)) { lua_pop(L, 1); break; }
            if (lua_type(L, -1) != LUA_TSTRING) return luaL_error(L, "reader function must return a string");
            size_t piece = lua_rawlen(L, -1);
            if (piece == 0) { lua_pop(L, 1); break; }
            ups_charge(L, (int64_t)(piece / 64 + 1));
            luaL_addvalue(&buffer);
        }
        luaL_pushresult(&buffer);
        lua_replace(L, 1);
        code = lua_tolstring(L, 1, &length);
    }
    const char *name = luaL_optstring(L, 2, "=(load)");
    ups_charge(L, (int64_t)(length / 16 + 1));  // compiling is not hooked: pay for it up front
    int status = luaL_loadbufferx(L, code, length, name, "t");
    if (status != LUA_OK) {
        if (ups_sandbox_of(L)->breach != UPS_BREACH_NONE) return lua_error(L);
        luaL_pushfail(L);
        lua_insert(L, -2);
        return 2;
    }
    if (!lua_isnone(L, 4)) lua_pushvalue(L, 4); else lua_pushvalue(L, lua_upvalueindex(1));
    lua_setupvalue(L, -2, 1);            // _ENV of the main chunk
    return 1;
}

/// print(...) and log(...): tostring of each argument joined by tabs, to the host's sink,
/// until the output cap is used up; later lines are counted and dropped.
static int sandbox_print(lua_State *L) {
    ups_sandbox *sb = ups_sandbox_of(L);
    int n = lua_gettop(L);
    luaL_Buffer buffer;
    luaL_buffinit(L, &buffer);
    for (int i = 1; i <= n; i++) {
        if (i > 1) luaL_addchar(&buffer, '\t');
        luaL_tolstring(L, i, NULL);
        luaL_addvalue(&buffer);
    }
    luaL_pushresult(&buffer);
    size_t length = 0;
    const char *text = lua_tolstring(L, -1, &length);
    ups_charge(L, (int64_t)(length / 64 + 1));
    if (length + 1 > sb->output_left) {
        sb->output_left = 0;
        sb->output_dropped += 1;
        return 0;
    }
    sb->output_left -= length + 1;
    if (sb->output) sb->output(sb->output_context, text, length);
    return 0;
}

static int sandbox_rawset(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checkany(L, 2);
    luaL_checkany(L, 3);
    if (ups_is_frozen(L, 1)) return luaL_error(L, "attempt to modify read-only table");
    lua_settop(L, 3);
    lua_rawset(L, 1);
    return 1;
}

static int sandbox_setmetatable(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    int type = lua_type(L, 2);
    luaL_argexpected(L, type == LUA_TNIL || type == LUA_TTABLE, 2, "nil or table");
    if (type == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL) return luaL_error(L, "metatables with __gc are not allowed in the sandbox");
        lua_pushliteral(L, "__mode");
        if (lua_rawget(L, 2) != LUA_TNIL) return luaL_error(L, "metatables with __mode (weak tables) are not allowed in the sandbox");
        lua_pop(L, 2);
    }
    if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
        return luaL_error(L, "cannot change a protected metatable");
    lua_settop(L, 2);
    lua_setmetatable(L, 1);
    return 1;
}

static int sandbox_collectgarbage(lua_State *L) {
    const char *option = luaL_optstring(L, 1, "collect");
    if (strcmp(option, "count") != 0)
        return luaL_error(L, "collectgarbage('%s') is not allowed in the sandbox (only 'count')", option);
    int kilobytes = lua_gc(L, LUA_GCCOUNT, 0);
    int bytes = lua_gc(L, LUA_GCCOUNTB, 0);
    lua_pushnumber(L, (lua_Number)kilobytes + (lua_Number)bytes / 1024.0);
    return 1;
}

void ups_set_base_functions(lua_State *L) {
    int env = lua_gettop(L);
    static const char *const stock[] = {
        "assert", "error", "getmetatable", "ipairs", "next", "pairs", "rawequal", "rawget",
        "rawlen", "select", "tonumber", "tostring", "type", "_VERSION", NULL,
    };
    for (int i = 0; stock[i]; i++) {
        lua_getglobal(L, stock[i]);      // the real global table, which scripts never see
        lua_setfield(L, env, stock[i]);
    }
    static const luaL_Reg replaced[] = {
        {"pcall", sandbox_pcall}, {"xpcall", sandbox_xpcall}, {"print", sandbox_print},
        {"log", sandbox_print}, {"rawset", sandbox_rawset},
        {"setmetatable", sandbox_setmetatable}, {"collectgarbage", sandbox_collectgarbage},
        {NULL, NULL},
    };
    for (int i = 0; replaced[i].name; i++) {
        lua_pushcfunction(L, replaced[i].func);
        lua_setfield(L, env, replaced[i].name);
    }
    lua_pushvalue(L, env);
    lua_pushcclosure(L, sandbox_load, 1);
    lua_setfield(L, env, "load");
    lua_pushvalue(L, env);
    lua_setfield(L, env, "_G");
}
