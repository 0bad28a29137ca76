// Entry points from the host. Each one runs its body under lua_pcall with a message handler
// that records the error (message, innermost Lua location, traceback) in the sandbox record
// before the stack unwinds, so a Lua error never crosses into Swift.
#include "internal.h"
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static char *copy_string(const char *text, size_t length) {
    char *copy = malloc(length + 1);
    if (copy == NULL) return NULL;
    memcpy(copy, text, length);
    copy[length] = '\0';
    return copy;
}

static void reset_error(ups_sandbox *sb) {
    free(sb->error.message);
    free(sb->error.traceback);
    memset(&sb->error, 0, sizeof sb->error);
    sb->error.row = -1;
}

/// Records the error without running script code: an error object that is not a string or a
/// number is described by its type (its __tostring could loop with hooks disabled).
int ups_message_handler(lua_State *L) {
    ups_sandbox *sb = ups_sandbox_of(L);
    if (sb->error.message != NULL) return 1;   // a re-raised breach: keep where it started
    size_t length = 0;
    const char *message;
    char described[64];
    int type = lua_type(L, 1);
    if (type == LUA_TSTRING) {
        message = lua_tolstring(L, 1, &length);
    } else if (type == LUA_TNUMBER) {
        if (lua_isinteger(L, 1))
            length = (size_t)snprintf(described, sizeof described, LUA_INTEGER_FMT, (LUAI_UACINT)lua_tointeger(L, 1));
        else
            length = (size_t)snprintf(described, sizeof described, LUA_NUMBER_FMT, (LUAI_UACNUMBER)lua_tonumber(L, 1));
        message = described;
    } else {
        length = (size_t)snprintf(described, sizeof described, "(error object is a %s value)", luaL_typename(L, 1));
        message = described;
    }
    sb->error.message = copy_string(message, length);
    // The place is the first Lua frame that is not the host's prelude: an error a helper such
    // as ref.get or param raises belongs to the script line that called it.
    lua_Debug ar;
    int placed = 0;
    for (int level = 1; lua_getstack(L, level, &ar); level++) {
        if (!lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0) continue;
        int host = strcmp(ar.short_src, "upstream/prelude.lua") == 0;
        if (placed && host) continue;
        snprintf(sb->error.source, sizeof sb->error.source, "%s", ar.short_src);
        sb->error.line = ar.currentline;
        placed = 1;
        if (!host) break;
    }
    if (sb->breach != UPS_BREACH_MEMORY && lua_checkstack(L, 2)) {
        luaL_traceback(L, L, NULL, 1);
        size_t traceback_length = 0;
        const char *traceback = lua_tolstring(L, -1, &traceback_length);
        sb->error.traceback = copy_string(traceback, traceback_length);
        lua_pop(L, 1);
    }
    return 1;
}

int ups_call_protected(lua_State *L, lua_CFunction body, void *a, void *b) {
    ups_sandbox *sb = ups_sandbox_of(L);
    reset_error(sb);
    if (sb->breach != UPS_BREACH_NONE) {   // a breached state is never entered again
        sb->error.status = LUA_ERRRUN;
        sb->error.message = copy_string("state discarded after a sandbox breach", 38);
        return LUA_ERRRUN;
    }
    int base = lua_gettop(L);
    lua_pushcfunction(L, ups_message_handler);
    lua_pushcfunction(L, body);
    lua_pushlightuserdata(L, a);
    lua_pushlightuserdata(L, b);
    int status = lua_pcall(L, 2, 0, base + 1);
    lua_settop(L, base);
    sb->error.status = status;
    if (status != LUA_OK && sb->error.message == NULL) {
        const char *text = status == LUA_ERRMEM ? "not enough memory" : "error in error handling";
        sb->error.message = copy_string(text, strlen(text));
    }
    return status;
}

// ---- values between Lua and the host ----

void ups_export_value(lua_State *L, int index, int anchor_slot, ups_value *out) {
    index = lua_absindex(L, index);
    memset(out, 0, sizeof *out);
    out->type = lua_type(L, index);
    switch (out->type) {
    case LUA_TBOOLEAN:
        out->integer = lua_toboolean(L, index);
        break;
    case LUA_TNUMBER:
        out->is_integer = lua_isinteger(L, index);
        out->integer = lua_tointeger(L, index);
        out->number = lua_tonumber(L, index);
        break;
    case LUA_TSTRING:
        out->string = lua_tolstring(L, index, &out->length);
        lua_rawgetp(L, LUA_REGISTRYINDEX, &ups_key_anchor);   // keeps the bytes alive
        lua_pushvalue(L, index);
        lua_rawseti(L, -2, anchor_slot);
        lua_pop(L, 1);
        break;
    case LUA_TFUNCTION:
    case LUA_TTABLE:
        lua_pushvalue(L, index);
        out->integer = luaL_ref(L, LUA_REGISTRYINDEX);
        break;
    default:
        break;
    }
}

void ups_push_value(lua_State *L, const ups_value *value) {
    switch (value->type) {
    case LUA_TBOOLEAN: lua_pushboolean(L, (int)value->integer); break;
    case LUA_TNUMBER:
        if (value->is_integer) lua_pushinteger(L, value->integer); else lua_pushnumber(L, value->number);
        break;
    case LUA_TSTRING: lua_pushlstring(L, value->string, value->length); break;
    case LUA_TFUNCTION:
    case LUA_TTABLE: lua_rawgeti(L, LUA_REGISTRYINDEX, value->integer); break;
    case LUA_TUSERDATA: ups_push_row_of(L, (int)value->number, value->integer); break;
    default: lua_pushnil(L); break;
    }
}

/// Clears the anchor table so strings from earlier calls can be collected.
static void reset_anchor(lua_State *L) {
    lua_newtable(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &ups_key_anchor);
}

// ---- run a chunk / call a function ----

typedef struct call_request {
    int env_ref;
    int function_ref;
    const char *code;
    size_t length;
    const char *chunk_name;
    const ups_value *arguments;
    int argument_count;
    ups_value *results;
    int max_results;
    int *result_count;
} call_request;

static int export_results(lua_State *L, int first, call_request *request) {
    int count = lua_gettop(L) - first + 1;
    if (count > request->max_results) count = request->max_results;
    for (int i = 0; i < count; i++) ups_export_value(L, first + i, i + 1, &request->results[i]);
    *request->result_count = count;
    return 0;
}

static int run_chunk(lua_State *L) {
    call_request *request = (call_request *)lua_touserdata(L, 1);
    lua_settop(L, 0);
    reset_anchor(L);
    if (request->length >= 4 && memcmp(request->code, LUA_SIGNATURE, 4) == 0)
        return luaL_error(L, "%s: precompiled (bytecode) chunks are refused", request->chunk_name);
    ups_charge(L, (int64_t)(request->length / 16 + 1));
    if (luaL_loadbufferx(L, request->code, request->length, request->chunk_name, "t") != LUA_OK)
        return lua_error(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, request->env_ref);
    lua_setupvalue(L, -2, 1);
    lua_call(L, 0, LUA_MULTRET);
    return export_results(L, 1, request);
}

int ups_run_chunk(lua_State *L, int env_ref, const char *code, size_t length,
                  const char *chunk_name, ups_value *results, int max_results, int *result_count) {
    call_request request = {.env_ref = env_ref, .code = code, .length = length,
                            .chunk_name = chunk_name, .results = results,
                            .max_results = max_results, .result_count = result_count};
    *result_count = 0;
    return ups_call_protected(L, run_chunk, &request, NULL);
}

static int call_function(lua_State *L) {
    call_request *request = (call_request *)lua_touserdata(L, 1);
    lua_settop(L, 0);
    reset_anchor(L);
    luaL_checkstack(L, request->argument_count + 1, "too many arguments");
    lua_rawgeti(L, LUA_REGISTRYINDEX, request->function_ref);
    for (int i = 0; i < request->argument_count; i++) ups_push_value(L, &request->arguments[i]);
    lua_call(L, request->argument_count, LUA_MULTRET);
    return export_results(L, 1, request);
}

int ups_call_function(lua_State *L, int function_ref, const ups_value *arguments,
                      int argument_count, ups_value *results, int max_results, int *result_count) {
    call_request request = {.function_ref = function_ref, .arguments = arguments,
                            .argument_count = argument_count, .results = results,
                            .max_results = max_results, .result_count = result_count};
    *result_count = 0;
    return ups_call_protected(L, call_function, &request, NULL);
}

// ---- small protected operations ----

static int freeze(lua_State *L) {
    intptr_t ref = (intptr_t)lua_touserdata(L, 1);
    int deep = lua_touserdata(L, 2) != NULL;
    lua_rawgeti(L, LUA_REGISTRYINDEX, (lua_Integer)ref);
    luaL_checktype(L, -1, LUA_TTABLE);
    if (deep) ups_freeze_deep(L, -1); else ups_freeze_table(L, -1);
    return 0;
}

int ups_freeze(lua_State *L, int table_ref, int deep) {
    return ups_call_protected(L, freeze, (void *)(intptr_t)table_ref, deep ? (void *)1 : NULL);
}

static int get_global(lua_State *L) {
    call_request *request = (call_request *)lua_touserdata(L, 1);
    lua_settop(L, 0);
    reset_anchor(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, request->env_ref);
    if (ups_is_frozen(L, 1)) {
        ups_push_hidden(L, 1);
        lua_replace(L, 1);
    }
    lua_getfield(L, 1, request->chunk_name);
    ups_export_value(L, -1, 1, request->results);
    return 0;
}

int ups_get_global(lua_State *L, int env_ref, const char *name, ups_value *result) {
    int count = 0;
    call_request request = {.env_ref = env_ref, .chunk_name = name, .results = result,
                            .max_results = 1, .result_count = &count};
    memset(result, 0, sizeof *result);
    return ups_call_protected(L, get_global, &request, NULL);
}

typedef struct install_request {
    int env_ref;
    const char *table_name;
    const char *name;
    int32_t function_id;
} install_request;

static int install_host_function(lua_State *L) {
    install_request *request = (install_request *)lua_touserdata(L, 1);
    lua_settop(L, 0);
    lua_rawgeti(L, LUA_REGISTRYINDEX, request->env_ref);
    if (ups_is_frozen(L, 1)) { ups_push_hidden(L, 1); lua_replace(L, 1); }
    if (request->table_name != NULL) {
        if (lua_getfield(L, 1, request->table_name) != LUA_TTABLE) {
            lua_pop(L, 1);
            lua_newtable(L);
            ups_freeze_table(L, -1);
            lua_pushvalue(L, -1);
            lua_setfield(L, 1, request->table_name);
        }
        if (ups_is_frozen(L, -1)) { ups_push_hidden(L, -1); lua_remove(L, -2); }
    } else {
        lua_pushvalue(L, 1);
    }
    if (request->function_id < 0) {   // a helper the sandbox implements in C
        lua_CFunction native = ups_native_function(request->table_name, request->name);
        if (native == NULL) return luaL_error(L, "no native helper %s", request->name);
        lua_pushcfunction(L, native);
    } else {
        lua_pushinteger(L, request->function_id);
        lua_pushcclosure(L, ups_host_trampoline, 1);
    }
    lua_setfield(L, -2, request->name);
    return 0;
}

int ups_install_native_function(lua_State *L, int env_ref, const char *table_name, const char *name) {
    install_request request = {env_ref, table_name, name, -1};
    return ups_call_protected(L, install_host_function, &request, NULL);
}

int ups_install_host_function(lua_State *L, int env_ref, const char *table_name,
                              const char *name, int32_t function_id) {
    install_request request = {env_ref, table_name, name, function_id};
    return ups_call_protected(L, install_host_function, &request, NULL);
}

static int unref(lua_State *L) {
    luaL_unref(L, LUA_REGISTRYINDEX, (int)(intptr_t)lua_touserdata(L, 1));
    return 0;
}

int ups_unref(lua_State *L, int ref) {
    return ups_call_protected(L, unref, (void *)(intptr_t)ref, NULL);
}
