// Definition constructors (`policy { … }`, `kpi { … }`): they only record the table and where it
// was written; the host validates the definitions afterwards, from snapshots.
#include "internal.h"

static const char key_captures = 0;   // registry: the list being filled

static int constructor(lua_State *L) {
    const char *kind = lua_tostring(L, lua_upvalueindex(1));
    lua_Integer limit = lua_tointeger(L, lua_upvalueindex(2));
    if (lua_type(L, 1) != LUA_TTABLE || lua_gettop(L) != 1)
        return luaL_error(L, "%s expects one table: %s { id = \"…\", … }", kind, kind);
    ups_charge(L, 1);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &key_captures);
    lua_Integer count = (lua_Integer)lua_rawlen(L, -1);
    if (count >= limit)
        return luaL_error(L, "too many definitions (more than %I in one pack)", (LUAI_UACINT)limit);
    lua_createtable(L, 0, 4);
    lua_pushstring(L, kind);
    lua_setfield(L, -2, "kind");
    lua_pushvalue(L, 1);
    lua_setfield(L, -2, "definition");
    lua_Debug ar;
    if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "Sl", &ar)) {
        lua_pushstring(L, ar.short_src);
        lua_setfield(L, -2, "source");
        lua_pushinteger(L, ar.currentline);
        lua_setfield(L, -2, "line");
    }
    lua_rawseti(L, -2, count + 1);
    lua_settop(L, 1);
    return 1;
}

static int install_constructor(lua_State *L) {
    const void *const *args = (const void *const *)lua_touserdata(L, 1);
    int env_ref = *(const int *)args[0];
    const char *name = (const char *)args[1];
    const char *kind = (const char *)args[2];
    int64_t limit = *(const int64_t *)args[3];
    lua_settop(L, 0);
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &key_captures) != LUA_TTABLE) {
        lua_newtable(L);
        lua_rawsetp(L, LUA_REGISTRYINDEX, &key_captures);
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, env_ref);
    if (ups_is_frozen(L, -1)) { ups_push_hidden(L, -1); lua_remove(L, -2); }
    lua_pushstring(L, kind);
    lua_pushinteger(L, (lua_Integer)limit);
    lua_pushcclosure(L, constructor, 2);
    lua_setfield(L, -2, name);
    return 0;
}

int ups_install_constructor(lua_State *L, int env_ref, const char *name, const char *kind, int64_t limit) {
    const void *args[4] = {&env_ref, name, kind, &limit};
    return ups_call_protected(L, install_constructor, (void *)args, NULL);
}

static int take_captures(lua_State *L) {
    int *ref = (int *)lua_touserdata(L, 1);
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &key_captures) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
    }
    *ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_newtable(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &key_captures);
    return 0;
}

int ups_take_captures(lua_State *L, int *ref) {
    return ups_call_protected(L, take_captures, ref, NULL);
}
