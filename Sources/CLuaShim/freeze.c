// Read-only tables. A frozen table keeps its identity (closures that captured it still work)
// but its contents move to a hidden table reachable only through a protected metatable, so
// assignment, rawset, table.insert and setmetatable all fail.
#include "internal.h"
#include <string.h>

static int frozen_newindex(lua_State *L) {
    if (lua_type(L, 2) == LUA_TSTRING)
        return luaL_error(L, "attempt to modify read-only table (field '%s')", lua_tostring(L, 2));
    return luaL_error(L, "attempt to modify read-only table");
}

static int frozen_len(lua_State *L) {
    ups_push_hidden(L, 1);
    lua_len(L, -1);
    return 1;
}

/// The iterator pairs() returns: walks the hidden contents without ever handing them out.
static int frozen_next(lua_State *L) {
    lua_settop(L, 2);
    if (lua_next(L, lua_upvalueindex(1))) return 2;
    lua_pushnil(L);
    return 1;
}

static int frozen_pairs(lua_State *L) {
    ups_push_hidden(L, 1);
    lua_pushcclosure(L, frozen_next, 1);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

/// __index of a frozen table whose original metatable had an __index: the hidden contents
/// first, then the original __index, called with the frozen table (never the hidden one).
static int frozen_index_fallback(lua_State *L) {
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) return 1;
    lua_pop(L, 1);
    lua_pushvalue(L, lua_upvalueindex(2));
    if (lua_type(L, -1) == LUA_TFUNCTION) {
        lua_pushvalue(L, 1);
        lua_pushvalue(L, 2);
        lua_call(L, 2, 1);
        return 1;
    }
    lua_pushvalue(L, 2);
    lua_gettable(L, -2);
    return 1;
}

int ups_is_frozen(lua_State *L, int index) {
    if (lua_type(L, index) != LUA_TTABLE || !lua_getmetatable(L, index)) return 0;
    int frozen = lua_rawgetp(L, -1, &ups_key_frozen_marker) != LUA_TNIL;
    lua_pop(L, 2);
    return frozen;
}

void ups_push_hidden(lua_State *L, int index) {
    if (!lua_getmetatable(L, index)) {
        lua_pushnil(L);
        return;
    }
    lua_rawgetp(L, -1, &ups_key_frozen_marker);
    lua_remove(L, -2);
}

static int is_metamethod_we_own(const char *name) {
    static const char *const owned[] = {"__index", "__newindex", "__metatable", "__gc", "__mode", NULL};
    for (int i = 0; owned[i]; i++)
        if (strcmp(name, owned[i]) == 0) return 1;
    return 0;
}

/// Raises when the metatable at `index` asks for finalizers or weak references: both make
/// results depend on when the collector runs.
static int raw_field(lua_State *L, int index, const char *name) {
    lua_pushstring(L, name);
    return lua_rawget(L, index < 0 ? index - 1 : index);
}

static void refuse_collector_hooks(lua_State *L, int index) {
    if (raw_field(L, index, "__gc") != LUA_TNIL) luaL_error(L, "metatables with __gc are not allowed in the sandbox");
    lua_pop(L, 1);
    if (raw_field(L, index, "__mode") != LUA_TNIL) luaL_error(L, "metatables with __mode (weak tables) are not allowed in the sandbox");
    lua_pop(L, 1);
}

void ups_freeze_table(lua_State *L, int index) {
    index = lua_absindex(L, index);
    if (ups_is_frozen(L, index)) return;
    int original = 0;
    if (lua_getmetatable(L, index)) {
        refuse_collector_hooks(L, lua_gettop(L));
        original = lua_gettop(L);
    }
    lua_newtable(L);
    int hidden = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, index)) {
        ups_charge(L, 1);
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, hidden);          // hidden[key] = value
        lua_pushvalue(L, -1);
        lua_pushnil(L);
        lua_rawset(L, index);           // clearing an existing field is allowed during next
    }
    lua_newtable(L);
    int meta = lua_gettop(L);
    if (original) {
        lua_pushnil(L);
        while (lua_next(L, original)) { // keep __call, __eq, arithmetic, __tostring, ...
            if (lua_type(L, -2) == LUA_TSTRING && is_metamethod_we_own(lua_tostring(L, -2))) {
                lua_pop(L, 1);
                continue;
            }
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_rawset(L, meta);
        }
    }
    if (original && raw_field(L, original, "__index") != LUA_TNIL) {
        lua_pushvalue(L, hidden);
        lua_insert(L, -2);
        lua_pushcclosure(L, frozen_index_fallback, 2);
    } else {
        if (original) lua_pop(L, 1);
        lua_pushvalue(L, hidden);       // the fast path: a table __index
    }
    lua_setfield(L, meta, "__index");
    lua_pushcfunction(L, frozen_newindex);
    lua_setfield(L, meta, "__newindex");
    lua_pushliteral(L, "read-only table");
    lua_setfield(L, meta, "__metatable");
    if (lua_getfield(L, meta, "__len") == LUA_TNIL) {
        lua_pushcfunction(L, frozen_len);
        lua_setfield(L, meta, "__len");
    }
    if (lua_getfield(L, meta, "__pairs") == LUA_TNIL) {
        lua_pushcfunction(L, frozen_pairs);
        lua_setfield(L, meta, "__pairs");
    }
    lua_pop(L, 2);
    lua_pushvalue(L, hidden);           // the marker doubles as the way to the contents
    lua_rawsetp(L, meta, &ups_key_frozen_marker);
    lua_setmetatable(L, index);         // the C API ignores a protected metatable
    lua_settop(L, original ? original - 1 : hidden - 1);
}

/// Pushes `value` onto the worklist when it is a table or a Lua function not yet seen.
static void enqueue(lua_State *L, int value, int seen, int work, lua_Integer *count) {
    int type = lua_type(L, value);
    if (type != LUA_TTABLE && !(type == LUA_TFUNCTION && !lua_iscfunction(L, value))) return;
    lua_pushvalue(L, value);
    if (lua_rawget(L, seen) != LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    lua_pop(L, 1);
    lua_pushvalue(L, value);
    lua_pushboolean(L, 1);
    lua_rawset(L, seen);
    lua_pushvalue(L, value);
    lua_rawseti(L, work, ++*count);
}

/// Enqueues the keys, values and metatable of the table at `table`.
static void enqueue_contents(lua_State *L, int table, int seen, int work, lua_Integer *count) {
    lua_pushnil(L);
    while (lua_next(L, table)) {
        enqueue(L, lua_gettop(L) - 1, seen, work, count);
        enqueue(L, lua_gettop(L), seen, work, count);
        lua_pop(L, 1);
    }
    if (lua_getmetatable(L, table)) {
        enqueue(L, lua_gettop(L), seen, work, count);
        lua_pop(L, 1);
    }
}

void ups_freeze_deep(lua_State *L, int index) {
    index = lua_absindex(L, index);
    lua_newtable(L);
    int seen = lua_gettop(L);
    lua_newtable(L);
    int work = lua_gettop(L);
    lua_Integer count = 0;
    enqueue(L, index, seen, work, &count);
    while (count > 0) {
        ups_charge(L, 1);
        lua_rawgeti(L, work, count);
        lua_pushnil(L);
        lua_rawseti(L, work, count--);
        int item = lua_gettop(L);
        if (lua_type(L, item) == LUA_TFUNCTION) {
            for (int n = 1; lua_getupvalue(L, item, n) != NULL; n++) {
                enqueue(L, lua_gettop(L), seen, work, &count);
                lua_pop(L, 1);
            }
        } else if (ups_is_frozen(L, item)) {
            ups_push_hidden(L, item);   // frozen earlier, maybe shallowly: visit its contents
            enqueue_contents(L, lua_gettop(L), seen, work, &count);
        } else {
            enqueue_contents(L, item, seen, work, &count);
            ups_freeze_table(L, item);
        }
        lua_settop(L, item - 1);
    }
    lua_pop(L, 2);
}
