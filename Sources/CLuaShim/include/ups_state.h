// Entry points the host calls. Each runs its work inside a protected call and returns a Lua
// status (LUA_OK or an error code); on error, ups_sandbox_of(L)->error says what happened.
#ifndef UPS_STATE_H
#define UPS_STATE_H

#include "ups_sandbox.h"

/// Creates a sandboxed state whose allocator, hook and hidden libraries use `sandbox`, which
/// must outlive the state. NULL when memory runs out.
lua_State *ups_newstate(ups_sandbox *sandbox);

/// Closes the state and frees the error record's buffers.
void ups_close(lua_State *L);

/// Makes a pack environment (its globals): frozen views of the allowed libraries and the
/// sandbox's base functions; `_G` is the environment itself. Stores a registry ref in *ref.
int ups_new_environment(lua_State *L, const char *pack_name, int *ref);

/// Compiles `code` (text only; a chunk starting with the bytecode signature is refused) with
/// the environment `env_ref` and runs it under the current budget. Up to `max_results` return
/// values are written to `results`: strings stay valid until the next entry call; functions
/// and tables come back as registry refs in `integer` (release them with ups_unref).
int ups_run_chunk(lua_State *L, int env_ref, const char *code, size_t length,
                  const char *chunk_name, ups_value *results, int max_results, int *result_count);

/// Calls the function `function_ref` with up to UPS_HOST_MAX_VALUES plain arguments, writing
/// its results like ups_run_chunk.
int ups_call_function(lua_State *L, int function_ref, const ups_value *arguments,
                      int argument_count, ups_value *results, int max_results,
                      int *result_count);

/// Makes the table at registry ref read-only. Deep: also every table reachable from it through
/// keys, values, metatables and the upvalues of Lua functions. Refuses (an error) tables whose
/// metatable has __gc or __mode.
int ups_freeze(lua_State *L, int table_ref, int deep);

/// Reads `name` from the environment (raw, through a freeze) into *result like ups_run_chunk.
int ups_get_global(lua_State *L, int env_ref, const char *name, ups_value *result);

/// Installs host function `function_id` as `env[table_name][name]` (or `env[name]` when
/// table_name is NULL); the table is created frozen when absent.
int ups_install_host_function(lua_State *L, int env_ref, const char *table_name,
                              const char *name, int32_t function_id);

/// Installs the sandbox's own C implementation of `table_name.name` (date.days, date.hours,
/// date.before) the same way; an error when there is none.
int ups_install_native_function(lua_State *L, int env_ref, const char *table_name, const char *name);

/// What the native date.as_of() answers from now on; `known` zero: it raises (packs loading).
void ups_set_as_of(lua_State *L, int known, int32_t days);

/// One entry of a table snapshot: `table[key] = value` for the table numbered `table`.
/// Nested tables are numbered in the order first met (the root is 0); a value of type
/// LUA_TTABLE carries that number in `integer`. Functions come back as registry refs.
typedef struct ups_snapshot_entry {
    int32_t table;
    ups_value key;
    ups_value value;
} ups_snapshot_entry;

/// Copies the table at registry ref `table_ref` (raw reads, frozen tables through their
/// contents) into a malloc'd array of entries (*entries; free it with ups_free). Strings stay
/// valid until the next entry call. Refuses more than `max_entries` entries or nesting deeper
/// than 64.
int ups_snapshot(lua_State *L, int table_ref, int64_t max_entries,
                 ups_snapshot_entry **entries, int64_t *entry_count);

void ups_free(void *pointer);

/// Installs `env[name]` as a constructor: called with one table, it records
/// { kind = kind, definition = table, source = "<chunk>", line = n } (the caller's place) in the
/// state's capture list and returns the table. At most `limit` captures are kept between two
/// ups_take_captures calls; more is an error naming the limit.
int ups_install_constructor(lua_State *L, int env_ref, const char *name, const char *kind, int64_t limit);

/// Moves the capture list into a registry ref (*ref) and starts a new, empty one.
int ups_take_captures(lua_State *L, int *ref);

/// Releases a registry ref.
int ups_unref(lua_State *L, int ref);

/// Seeds the deterministic math.random of this state.
void ups_seed_random(ups_sandbox *sandbox, uint64_t seed);

/// Lua memory in use (bytes), read without entering Lua.
size_t ups_memory_used(lua_State *L);

#endif
