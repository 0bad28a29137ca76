// Private to CLuaShim: shared between the files that implement the sandbox.
#ifndef UPS_INTERNAL_H
#define UPS_INTERNAL_H

#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>
#include "ups_sandbox.h"
#include "ups_state.h"
#include "ups_rows.h"

/// Instructions between two hook calls. A breach is noticed at most this late.
#define UPS_HOOK_STRIDE 1000
/// Budget units between two reads of the clock and the cancel flag.
#define UPS_CLOCK_STRIDE 20000

/// Registry keys (addresses of these statics are unique light userdata).
extern const char ups_key_frozen_marker;   // field present in every frozen metatable
extern const char ups_key_breach_messages; // table: breach kind -> message string
extern const char ups_key_anchor;          // table anchoring result strings between calls
extern const char ups_key_hidden_libs;     // table: library name -> hidden library table
extern const char ups_key_string_lib;      // the hidden string library

/// Raises the sandbox's final error for `kind` (recording it first). Never returns.
int ups_raise_breach(lua_State *L, ups_breach kind);

/// Makes the table at `index` read-only in place (contents move to a hidden table).
void ups_freeze_table(lua_State *L, int index);
/// Like ups_freeze_table, for everything reachable from the value at `index`.
void ups_freeze_deep(lua_State *L, int index);
/// True when the value at `index` is a table frozen by the sandbox.
int ups_is_frozen(lua_State *L, int index);
/// Pushes the hidden contents table of the frozen table at `index`.
void ups_push_hidden(lua_State *L, int index);

/// Library builders: push a plain table of the sandbox's version of each library.
void ups_push_table_library(lua_State *L);
void ups_push_math_library(lua_State *L);
void ups_push_string_library(lua_State *L);
/// Sets the sandbox's base functions into the table at the top of the stack.
void ups_set_base_functions(lua_State *L);

/// Runs `body(a, b)` under lua_pcall with the recording message handler; returns the status.
int ups_call_protected(lua_State *L, lua_CFunction body, void *a, void *b);

/// The message handler every entry point uses: records message, location and traceback.
int ups_message_handler(lua_State *L);

/// Converts the value at `index` for the host (see ups_run_chunk) and anchors strings.
void ups_export_value(lua_State *L, int index, int anchor_slot, ups_value *out);
/// Pushes a host value (nil, boolean, number or string).
void ups_push_value(lua_State *L, const ups_value *value);

/// Seeds math.random at its next use (most callbacks never draw a number).
static inline void ups_seed_random_lazily(ups_sandbox *sb, uint64_t seed) {
    sb->rng_pending_seed = seed;
    sb->rng_pending = 1;
}

/// Pushes a proxy of `row` of the table registered as `table_ref` (host arguments that are rows).
void ups_push_row_of(lua_State *L, int table_ref, int64_t row);

/// True when the value at `index` is a row proxy; sets its table and row.
int ups_row_at(lua_State *L, int index, const ups_table **table, int64_t *row);

/// `row.failures` (`method` 0) or `row.failed` (`method` 1) of `row` of `table`: a read-only
/// sequence of failure records, or the method `row:failed(policy_or_role)`. Raises where
/// the table has no failure index (policies).
int ups_push_row_failures(lua_State *L, const ups_table *table, int64_t row, int method);

/// Host function trampoline (a C closure whose upvalue 1 is the function id).
int ups_host_trampoline(lua_State *L);
/// A helper implemented in C (dates.c) for `table_name.name`, or NULL.
lua_CFunction ups_native_function(const char *table_name, const char *name);

/// Frees the blocks the allocator kept for reuse (after lua_close).
void ups_release_small_blocks(ups_sandbox *sb);

/// Pushes days since 1970-01-01 as "YYYY-MM-DD" (rows.c).
void ups_push_date(lua_State *L, int64_t days);

#endif
