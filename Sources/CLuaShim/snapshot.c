// Copies a Lua table (a manifest, a definition) out for the host to validate, without running
// any script code: raw reads only, so no metamethod can run or lie.
#include "internal.h"
#include <stdlib.h>

typedef struct snapshot_request {
    int table_ref;
    int64_t max_entries;
    ups_snapshot_entry *entries;
    int64_t count;
    int64_t capacity;
    int32_t tables;
    int anchor_slot;
} snapshot_request;

static void export_anchored(lua_State *L, int index, snapshot_request *request, ups_value *out) {
    ups_export_value(L, index, ++request->anchor_slot, out);
}

static void add_entry(lua_State *L, snapshot_request *request, int32_t table, int key, int value,
                      int32_t child) {
    if (request->count >= request->max_entries)
        luaL_error(L, "table too large (more than %I entries)", (LUAI_UACINT)request->max_entries);
    if (request->count == request->capacity) {
        int64_t capacity = request->capacity ? request->capacity * 2 : 64;
        ups_snapshot_entry *grown = realloc(request->entries, (size_t)capacity * sizeof *grown);
        if (grown == NULL) luaL_error(L, "not enough memory for a table snapshot");
        request->entries = grown;
        request->capacity = capacity;
    }
    ups_snapshot_entry *entry = &request->entries[request->count++];
    entry->table = table;
    export_anchored(L, key, request, &entry->key);
    if (child >= 0) {
        entry->value = (ups_value){0};
        entry->value.type = LUA_TTABLE;
        entry->value.integer = child;
    } else {
        export_anchored(L, value, request, &entry->value);
    }
}

/// Walks the table at `index` (number `id`); `seen` maps tables to their numbers.
static void walk(lua_State *L, int index, int32_t id, int seen, int depth, snapshot_request *request) {
    if (depth > 64) luaL_error(L, "tables nested deeper than 64 levels");
    luaL_checkstack(L, 8, "snapshot");
    if (ups_is_frozen(L, index)) {
        ups_push_hidden(L, index);
        index = lua_gettop(L);
    }
    lua_pushnil(L);
    while (lua_next(L, index)) {
        ups_charge(L, 1);
        int key = lua_gettop(L) - 1, value = lua_gettop(L);
        int32_t child = -1;
        if (lua_type(L, value) == LUA_TTABLE) {
            lua_pushvalue(L, value);
            if (lua_rawget(L, seen) == LUA_TNUMBER) {
                child = (int32_t)lua_tointeger(L, -1);   // met before (shared or a cycle)
                lua_pop(L, 1);
                add_entry(L, request, id, key, value, child);
            } else {
                lua_pop(L, 1);
                child = request->tables++;
                lua_pushvalue(L, value);
                lua_pushinteger(L, child);
                lua_rawset(L, seen);
                add_entry(L, request, id, key, value, child);
                walk(L, value, child, seen, depth + 1, request);
            }
        } else {
            add_entry(L, request, id, key, value, -1);
        }
        lua_settop(L, key);
    }
}

static int snapshot(lua_State *L) {
    snapshot_request *request = (snapshot_request *)lua_touserdata(L, 1);
    lua_settop(L, 0);
    lua_newtable(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &ups_key_anchor);
    lua_rawgeti(L, LUA_REGISTRYINDEX, request->table_ref);
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_newtable(L);
    lua_pushvalue(L, 1);
    lua_pushinteger(L, 0);
    lua_rawset(L, 2);
    request->tables = 1;
    walk(L, 1, 0, 2, 0, request);
    return 0;
}

int ups_snapshot(lua_State *L, int table_ref, int64_t max_entries,
                 ups_snapshot_entry **entries, int64_t *entry_count) {
    snapshot_request request = {.table_ref = table_ref, .max_entries = max_entries};
    int status = ups_call_protected(L, snapshot, &request, NULL);
    if (status != LUA_OK) {
        free(request.entries);
        request.entries = NULL;
        request.count = 0;
    }
    *entries = request.entries;
    *entry_count = request.count;
    return status;
}

void ups_free(void *pointer) { free(pointer); }
