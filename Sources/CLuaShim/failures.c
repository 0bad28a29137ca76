// `row.failures` and `row:failed(policy_or_role)` (SPEC section 3): a table's failure index
// gives each row a range of failure records, read in place. No Lua table is built per row: the
// sequence and its records are small userdata proxies over the host's records.
#include "internal.h"
#include <string.h>

static const char key_failures_meta = 0;  // registry: metatable of failure sequences
static const char key_failure_meta = 0;   // registry: metatable of one failure record

typedef struct failures_proxy {
    const ups_failure *first;
    int64_t count;
} failures_proxy;

typedef struct failure_proxy {
    const ups_failure *record;
} failure_proxy;

static int read_only(lua_State *L) {
    return luaL_error(L, "policy failures are read-only");
}

static int failure_index(lua_State *L) {
    const ups_failure *record = ((const failure_proxy *)lua_touserdata(L, 1))->record;
    const char *name = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : "";
    const char *value;
    if (strcmp(name, "policy") == 0) value = record->policy;
    else if (strcmp(name, "role") == 0) value = record->role;
    else if (strcmp(name, "severity") == 0) value = record->severity;
    else if (strcmp(name, "code") == 0) value = record->code;
    else if (strcmp(name, "message") == 0) value = record->message;
    else return luaL_error(L, "a failure has policy, role, severity, code and message, not '%s'", name);
    if (value == NULL) lua_pushnil(L); else lua_pushstring(L, value);
    return 1;
}

static int failure_tostring(lua_State *L) {
    const ups_failure *record = ((const failure_proxy *)lua_touserdata(L, 1))->record;
    lua_pushfstring(L, "failure of %s: %s", record->policy, record->message);
    return 1;
}

static void push_failure(lua_State *L, const ups_failure *record) {
    failure_proxy *proxy = (failure_proxy *)lua_newuserdatauv(L, sizeof(failure_proxy), 0);
    proxy->record = record;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &key_failure_meta);
    lua_setmetatable(L, -2);
}

static int failures_index(lua_State *L) {
    const failures_proxy *list = (const failures_proxy *)lua_touserdata(L, 1);
    if (!lua_isinteger(L, 2)) { lua_pushnil(L); return 1; }
    lua_Integer i = lua_tointeger(L, 2);
    if (i < 1 || i > list->count) { lua_pushnil(L); return 1; }
    push_failure(L, list->first + i - 1);
    return 1;
}

static int failures_length(lua_State *L) {
    lua_pushinteger(L, ((const failures_proxy *)lua_touserdata(L, 1))->count);
    return 1;
}

static int failures_next(lua_State *L) {
    const failures_proxy *list = (const failures_proxy *)lua_touserdata(L, 1);
    lua_Integer i = lua_isnil(L, 2) ? 1 : luaL_checkinteger(L, 2) + 1;
    if (i > list->count) return 0;
    lua_pushinteger(L, i);
    push_failure(L, list->first + i - 1);
    return 2;
}

static int failures_pairs(lua_State *L) {
    lua_pushcfunction(L, failures_next);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

static int failures_tostring(lua_State *L) {
    lua_pushfstring(L, "%I failures", (LUAI_UACINT)((const failures_proxy *)lua_touserdata(L, 1))->count);
    return 1;
}

/// The metatables, made once per state on first use.
static void ensure_metatables(lua_State *L) {
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &key_failures_meta) == LUA_TNIL) {
        static const luaL_Reg methods[] = {
            {"__index", failures_index}, {"__len", failures_length}, {"__pairs", failures_pairs},
            {"__newindex", read_only}, {"__tostring", failures_tostring}, {NULL, NULL},
        };
        lua_newtable(L);
        luaL_setfuncs(L, methods, 0);
        lua_pushliteral(L, "failures");
        lua_setfield(L, -2, "__metatable");
        lua_rawsetp(L, LUA_REGISTRYINDEX, &key_failures_meta);
        static const luaL_Reg record_methods[] = {
            {"__index", failure_index}, {"__newindex", read_only}, {"__tostring", failure_tostring}, {NULL, NULL},
        };
        lua_newtable(L);
        luaL_setfuncs(L, record_methods, 0);
        lua_pushliteral(L, "failure");
        lua_setfield(L, -2, "__metatable");
        lua_rawsetp(L, LUA_REGISTRYINDEX, &key_failure_meta);
    }
    lua_pop(L, 1);
}

static void row_range(const ups_table *table, int64_t row, const ups_failure **first, int64_t *count) {
    const ups_failure_index *index = table->failures;
    if (index->offsets == NULL) { *first = NULL; *count = 0; return; }
    *first = index->records + index->offsets[row];
    *count = index->offsets[row + 1] - index->offsets[row];
}

/// row:failed(policy_or_role): a light C function (no allocation per call) that reads the row
/// from its first argument, the proxy the colon passes.
static int row_failed(lua_State *L) {
    const ups_table *table;
    int64_t row;
    if (!ups_row_at(L, 1, &table, &row) || lua_type(L, 2) != LUA_TSTRING)
        return luaL_error(L, "use row:failed(policy_or_role), with a colon and a policy id or a role such as \"PA-ELIG-01\"");
    if (table->failures == NULL) return luaL_error(L, "row:failed() is readable in KPIs and refine only");
    const char *key = lua_tostring(L, 2);
    const ups_failure *first;
    int64_t count;
    row_range(table, row, &first, &count);
    for (int64_t i = 0; i < count; i++) {
        if (strcmp(first[i].policy, key) == 0 || strcmp(first[i].role, key) == 0) {
            lua_pushboolean(L, 1);
            return 1;
        }
    }
    lua_pushboolean(L, 0);
    return 1;
}

int ups_push_row_failures(lua_State *L, const ups_table *table, int64_t row, int method) {
    if (table->failures == NULL) {
        ups_sandbox_of(L)->error.early_failures = 1;   // refine: answered again after the policies
        return luaL_error(L, method ? "row:failed() is readable in KPIs and refine only"
                                    : "row.failures is readable in KPIs and refine only");
    }
    if (method) {
        lua_pushcfunction(L, row_failed);
        return 1;
    }
    ensure_metatables(L);
    failures_proxy *list = (failures_proxy *)lua_newuserdatauv(L, sizeof(failures_proxy), 0);
    row_range(table, row, &list->first, &list->count);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &key_failures_meta);
    lua_setmetatable(L, -2);
    return 1;
}
