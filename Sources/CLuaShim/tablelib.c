// The table library, written for the sandbox (from the Lua 5.4 manual, section 6.6). Stock
// table functions loop in C over lengths a script controls through __len, out of the hook's
// reach; here every element moved, compared or concatenated is charged to the budget.
#include "internal.h"
#include <limits.h>

static lua_Integer checked_length(lua_State *L, int index) {
    luaL_checktype(L, index, LUA_TTABLE);
    return luaL_len(L, index);
}

static int table_insert(lua_State *L) {
    lua_Integer end = checked_length(L, 1) + 1;  // first empty slot
    lua_Integer position;
    switch (lua_gettop(L)) {
    case 2:
        position = end;
        break;
    case 3:
        position = luaL_checkinteger(L, 2);
        luaL_argcheck(L, (lua_Unsigned)position - 1u < (lua_Unsigned)end, 2, "position out of bounds");
        ups_charge(L, end - position + 1);
        for (lua_Integer i = end; i > position; i--) {
            lua_geti(L, 1, i - 1);
            lua_seti(L, 1, i);
        }
        break;
    default:
        return luaL_error(L, "wrong number of arguments to 'insert'");
    }
    lua_seti(L, 1, position);
    return 0;
}

static int table_remove(lua_State *L) {
    lua_Integer size = checked_length(L, 1);
    lua_Integer position = luaL_optinteger(L, 2, size);
    if (lua_gettop(L) >= 2 && size + 1 != position)
        luaL_argcheck(L, (lua_Unsigned)position - 1u <= (lua_Unsigned)size, 2, "position out of bounds");
    lua_geti(L, 1, position);
    if (size > position) ups_charge(L, size - position);
    for (; position < size; position++) {
        lua_geti(L, 1, position + 1);
        lua_seti(L, 1, position);
    }
    lua_pushnil(L);
    lua_seti(L, 1, position);
    return 1;
}

static int table_move(lua_State *L) {
    lua_Integer from = luaL_checkinteger(L, 2);
    lua_Integer end = luaL_checkinteger(L, 3);
    lua_Integer to = luaL_checkinteger(L, 4);
    int destination = lua_isnoneornil(L, 5) ? 1 : 5;
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checktype(L, destination, LUA_TTABLE);
    if (end >= from) {
        luaL_argcheck(L, from > 0 || end < LUA_MAXINTEGER + from, 3, "too many elements to move");
        lua_Integer count = end - from + 1;
        luaL_argcheck(L, to <= LUA_MAXINTEGER - count + 1, 4, "destination wrap around");
        ups_charge(L, count);
        if (to > end || to <= from || (destination != 1 && !lua_compare(L, 1, destination, LUA_OPEQ))) {
            for (lua_Integer i = 0; i < count; i++) {
                lua_geti(L, 1, from + i);
                lua_seti(L, destination, to + i);
            }
        } else {
            for (lua_Integer i = count - 1; i >= 0; i--) {
                lua_geti(L, 1, from + i);
                lua_seti(L, destination, to + i);
            }
        }
    }
    lua_pushvalue(L, destination);
    return 1;
}

static int table_concat(lua_State *L) {
    lua_Integer last = lua_isnoneornil(L, 4) ? checked_length(L, 1) : luaL_checkinteger(L, 4);
    luaL_checktype(L, 1, LUA_TTABLE);
    size_t separator_length = 0;
    const char *separator = luaL_optlstring(L, 2, "", &separator_length);
    lua_Integer first = luaL_optinteger(L, 3, 1);
    luaL_Buffer buffer;
    luaL_buffinit(L, &buffer);
    for (lua_Integer i = first; i <= last; i++) {
        ups_charge(L, 1);
        lua_geti(L, 1, i);
        if (!lua_isstring(L, -1))
            return luaL_error(L, "invalid value (at index %I) in table for 'concat'", (LUAI_UACINT)i);
        size_t piece = 0;
        lua_tolstring(L, -1, &piece);
        ups_charge(L, (int64_t)((piece + separator_length) / 64));
        luaL_addvalue(&buffer);
        if (i != last) luaL_addlstring(&buffer, separator, separator_length);
        if (i == LUA_MAXINTEGER) break;
    }
    luaL_pushresult(&buffer);
    return 1;
}

static int table_pack(lua_State *L) {
    int n = lua_gettop(L);
    ups_charge(L, n);
    lua_createtable(L, n, 1);
    lua_insert(L, 1);
    for (int i = n; i >= 1; i--) lua_seti(L, 1, i);
    lua_pushinteger(L, n);
    lua_setfield(L, 1, "n");
    return 1;
}

static int table_unpack(lua_State *L) {
    lua_Integer first = luaL_optinteger(L, 2, 1);
    lua_Integer last = lua_isnoneornil(L, 3) ? luaL_len(L, 1) : luaL_checkinteger(L, 3);
    if (first > last) return 0;
    lua_Unsigned count = (lua_Unsigned)last - (lua_Unsigned)first;
    if (count >= (unsigned int)INT_MAX || !lua_checkstack(L, (int)(++count)))
        return luaL_error(L, "too many results to unpack");
    ups_charge(L, (int64_t)count);
    for (lua_Integer i = first; i < last; i++) lua_geti(L, 1, i);
    lua_geti(L, 1, last);
    return (int)count;
}

/// `a < b` by the comparator (argument 2) or by the < operator; each call is charged.
static int sort_less(lua_State *L, int a, int b) {
    ups_charge(L, 1);
    // Callers pass indices relative to the top; pushing the comparator would shift them.
    a = lua_absindex(L, a);
    b = lua_absindex(L, b);
    if (lua_isnoneornil(L, 2)) return lua_compare(L, a, b, LUA_OPLT);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, a);
    lua_pushvalue(L, b);
    lua_call(L, 2, 1);
    int less = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return less;
}

/// Restores the heap property below `root` in list[1..size] (1-based heap on the list itself).
static void sift_down(lua_State *L, lua_Integer root, lua_Integer size) {
    for (;;) {
        lua_Integer child = root * 2;
        if (child > size) return;
        lua_geti(L, 1, child);
        if (child + 1 <= size) {
            lua_geti(L, 1, child + 1);
            if (sort_less(L, -2, -1)) { lua_remove(L, -2); child++; } else lua_pop(L, 1);
        }
        lua_geti(L, 1, root);
        if (!sort_less(L, -1, -2)) { lua_pop(L, 2); return; }
        lua_seti(L, 1, child);           // list[child] = list[root]
        lua_seti(L, 1, root);            // list[root] = larger child
        root = child;
    }
}

/// Heapsort: O(n log n) comparisons whatever the input, no extra memory, not stable (like stock).
static int table_sort(lua_State *L) {
    lua_Integer size = checked_length(L, 1);
    if (size > 1) {
        luaL_argcheck(L, size < INT_MAX, 1, "array too big");
        if (!lua_isnoneornil(L, 2)) luaL_checktype(L, 2, LUA_TFUNCTION);
        lua_settop(L, 2);
        for (lua_Integer root = size / 2; root >= 1; root--) sift_down(L, root, size);
        for (lua_Integer last = size; last > 1; last--) {
            lua_geti(L, 1, 1);
            lua_geti(L, 1, last);
            lua_seti(L, 1, 1);
            lua_seti(L, 1, last);
            sift_down(L, 1, last - 1);
        }
    }
    return 0;
}

void ups_push_table_library(lua_State *L) {
    static const luaL_Reg functions[] = {
        {"insert", table_insert}, {"remove", table_remove}, {"move", table_move},
        {"concat", table_concat}, {"pack", table_pack}, {"unpack", table_unpack},
        {"sort", table_sort}, {NULL, NULL},
    };
    luaL_newlib(L, functions);
}
