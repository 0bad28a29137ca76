// Creating and closing sandboxed states, and the environments packs run in.
#include "internal.h"
#include <stdlib.h>
#include <string.h>

void *ups_allocate(void *ud, void *ptr, size_t osize, size_t nsize);
void ups_hook(lua_State *L, lua_Debug *ar);

static const char *const library_names[] = {"string", "table", "math", "utf8", NULL};

/// Pushes a new frozen view of the hidden library `name`.
static void push_library_view(lua_State *L, const char *name) {
    lua_newtable(L);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &ups_key_hidden_libs);
    lua_getfield(L, -1, name);
    lua_remove(L, -2);
    // The view starts as a copy, then freezing moves the copy out of reach: each pack gets its
    // own table, and no pack can change what another sees.
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, -5);
    }
    lua_pop(L, 1);
    ups_freeze_table(L, -1);
}

static int setup(lua_State *L) {
    luaL_requiref(L, "_G", luaopen_base, 1);
    lua_pop(L, 1);

    lua_createtable(L, 4, 0);
    lua_pushliteral(L, "instruction budget exhausted");
    lua_rawseti(L, -2, UPS_BREACH_BUDGET);
    lua_pushliteral(L, "run deadline exceeded (--timeout)");
    lua_rawseti(L, -2, UPS_BREACH_DEADLINE);
    lua_pushliteral(L, "run cancelled");
    lua_rawseti(L, -2, UPS_BREACH_CANCELLED);
    lua_pushliteral(L, "not enough memory");
    lua_rawseti(L, -2, UPS_BREACH_MEMORY);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &ups_key_breach_messages);

    lua_newtable(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &ups_key_anchor);

    lua_newtable(L);
    int hidden = lua_gettop(L);
    ups_push_string_library(L);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &ups_key_string_lib);
    lua_setfield(L, hidden, "string");
    ups_push_table_library(L);
    lua_setfield(L, hidden, "table");
    ups_push_math_library(L);
    lua_setfield(L, hidden, "math");
    luaL_requiref(L, "utf8", luaopen_utf8, 0);
    lua_newtable(L);                     // a private copy of stock utf8
    lua_pushnil(L);
    while (lua_next(L, -3)) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, -4);
    }
    lua_remove(L, -2);
    lua_setfield(L, hidden, "utf8");
    // Error messages name functions by searching the loaded-modules table ("bad argument #2 to
    // 'string.find'"): list the sandbox's libraries there, and its base functions in the real
    // global table, which no script can reach.
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    for (int i = 0; library_names[i]; i++) {
        lua_getfield(L, hidden, library_names[i]);
        lua_setfield(L, -2, library_names[i]);
    }
    lua_pop(L, 1);
    lua_pushglobaltable(L);
    ups_set_base_functions(L);
    lua_pop(L, 1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &ups_key_hidden_libs);

    // The one string metatable every state shares between packs: a fresh table whose
    // __index is the hidden string library and whose __metatable hides it from getmetatable.
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    int stock = lua_gettop(L);
    lua_newtable(L);
    lua_pushnil(L);
    while (lua_next(L, stock)) {         // keep the arithmetic coercion metamethods
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, -4);
    }
    lua_rawgetp(L, LUA_REGISTRYINDEX, &ups_key_string_lib);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, stock - 1);
    lua_settop(L, 0);
    return 0;
}

lua_State *ups_newstate(ups_sandbox *sb) {
    sb->memory_used = 0;
    sb->breach = UPS_BREACH_NONE;
    sb->clock_countdown = UPS_CLOCK_STRIDE;
    memset(&sb->error, 0, sizeof sb->error);
    sb->error.row = -1;
    sb->as_of_known = 0;
    memset(sb->small_blocks, 0, sizeof sb->small_blocks);
    if (sb->rng[0] == 0 && sb->rng[1] == 0 && sb->rng[2] == 0 && sb->rng[3] == 0) ups_seed_random(sb, 0);
    lua_State *L = lua_newstate(ups_allocate, sb);
    if (L == NULL) {
        ups_release_small_blocks(sb);
        return NULL;
    }
    lua_pushcfunction(L, setup);
    if (lua_pcall(L, 0, 0, 0) != LUA_OK) {
        lua_close(L);
        ups_release_small_blocks(sb);
        return NULL;
    }
    lua_sethook(L, ups_hook, LUA_MASKCOUNT, UPS_HOOK_STRIDE);
    return L;
}

void ups_close(lua_State *L) {
    ups_sandbox *sb = ups_sandbox_of(L);
    lua_close(L);
    ups_release_small_blocks(sb);
    free(sb->error.message);
    free(sb->error.traceback);
    sb->error.message = NULL;
    sb->error.traceback = NULL;
}

static int new_environment(lua_State *L) {
    int *ref = (int *)lua_touserdata(L, 2);
    lua_newtable(L);
    int env = lua_gettop(L);
    for (int i = 0; library_names[i]; i++) {
        push_library_view(L, library_names[i]);
        lua_setfield(L, env, library_names[i]);
    }
    ups_set_base_functions(L);
    *ref = luaL_ref(L, LUA_REGISTRYINDEX);
    return 0;
}


int ups_new_environment(lua_State *L, const char *pack_name, int *ref) {
    (void)pack_name; // reserved for per-pack messages; every environment is built alike
    return ups_call_protected(L, new_environment, NULL, ref);
}

size_t ups_memory_used(lua_State *L) { return ups_sandbox_of(L)->memory_used; }
