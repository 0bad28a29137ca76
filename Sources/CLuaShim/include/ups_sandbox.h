// The C half of Upstream's Lua sandbox.
//
// Every Lua API call that may raise (allocate, run a metamethod, or call lua_error) happens in
// this target, inside a protected call. Swift only creates and closes states, sets limits in the
// ups_sandbox record and calls the ups_* entry points below, which return a status.
#ifndef UPS_SANDBOX_H
#define UPS_SANDBOX_H

#include <stddef.h>
#include <stdint.h>

typedef struct lua_State lua_State;

/// Why a state was stopped. A breach is final: the state must be discarded.
typedef enum ups_breach {
    UPS_BREACH_NONE = 0,
    UPS_BREACH_BUDGET = 1,    ///< instruction (or matcher step) budget exhausted
    UPS_BREACH_DEADLINE = 2,  ///< wall-clock deadline passed
    UPS_BREACH_CANCELLED = 3, ///< the host asked the run to stop
    UPS_BREACH_MEMORY = 4,    ///< the allocator refused past the memory cap
} ups_breach;

/// A flag the host may set from any thread; the hook reads it atomically.
typedef struct ups_cancel {
    int flag;
} ups_cancel;
void ups_cancel_request(ups_cancel *token);
int ups_cancel_requested(const ups_cancel *token);

/// Where and why the last call from the host failed. Filled by the message handler before the
/// stack unwinds, so Swift never has to read Lua values after an error.
typedef struct ups_error_record {
    int status;        ///< LUA_OK, LUA_ERRRUN, LUA_ERRMEM, LUA_ERRERR or LUA_ERRSYNTAX
    char *message;     ///< malloc'd, NUL-terminated; NULL when none
    char *traceback;   ///< malloc'd, NUL-terminated; NULL when none
    char source[256];  ///< chunk name of the innermost Lua frame ("" when unknown)
    int line;          ///< its current line (0 when unknown)
    int64_t row;       ///< row being evaluated by ups_call_rows, else -1
    int absent_column; ///< the error came from reading a column absent from the input
    int early_failures; ///< the error came from reading row.failures before policies ran
} ups_error_record;

/// A value crossing between Lua and the host, read raw (no metamethods, no conversions).
/// As an argument from the host, LUA_TUSERDATA means a row: `integer` is the row and `number`
/// holds the registered table's ref.
typedef struct ups_value {
    int type;          ///< LUA_TNIL, LUA_TBOOLEAN, LUA_TNUMBER, LUA_TSTRING, or another LUA_T*
    int is_integer;    ///< for numbers
    int64_t integer;   ///< integers and booleans
    double number;
    const char *string; ///< strings: valid until the next call into the state
    size_t length;
} ups_value;

/// A host function: fills `results` (at most UPS_HOST_MAX_VALUES) or returns nonzero with an
/// error message. Strings it returns must stay valid until the host function is called again.
#define UPS_HOST_MAX_VALUES 8
typedef int (*ups_host_fn)(void *host, int32_t function_id, const ups_value *arguments,
                           int argument_count, ups_value *results, int *result_count,
                           const char **error, size_t *error_length);

struct ups_host_binding {
    ups_host_fn call;  ///< NULL: host functions raise "no host"
    void *context;
};

/// Receives print/log output (already joined with tabs, no trailing newline).
typedef void (*ups_output_fn)(void *host, const char *text, size_t length);

/// Per-state sandbox record. The host owns it and keeps it alive longer than the state.
/// Size classes of the allocator's free lists: 16-byte steps up to 128 bytes.
#define UPS_SMALL_CLASSES 8

typedef struct ups_sandbox {
    size_t memory_limit;  ///< bytes the allocator may hand out in total
    size_t memory_used;
    int64_t budget_left;  ///< instructions (and matcher/library steps) left for the current call
    int64_t call_budget;  ///< what budget_left is reset to before each row callback
    int64_t budget_spent; ///< charged since the host last reset it (for measurements)
    int64_t deadline_ns;  ///< CLOCK_MONOTONIC nanoseconds; 0 means none
    ups_cancel *cancel;   ///< optional
    size_t output_left;   ///< bytes of print/log output still allowed
    int64_t output_dropped; ///< lines dropped after output_left ran out
    ups_output_fn output; ///< optional
    void *output_context; ///< passed back to output
    ups_breach breach;    ///< set once, never cleared
    int64_t clock_countdown; ///< units until the next deadline/cancel check
    uint64_t rng[4];      ///< deterministic math.random state (xoshiro256**)
    uint64_t rng_pending_seed; ///< seed to apply at the next math.random call
    int rng_pending;      ///< nonzero: rng must be reseeded from rng_pending_seed first
    struct ups_host_binding host;  ///< host functions callable from Lua; see ups_host.h
    ups_error_record error; ///< the last error seen by a host entry point
    void *small_blocks[UPS_SMALL_CLASSES]; ///< freed blocks of 16, 32, … 128 bytes for reuse (limits.c)
    int as_of_known;      ///< nonzero: date.as_of() and dated-money columns read as_of_days
    int32_t as_of_days;   ///< days since 1970-01-01 (see ups_set_as_of)
    uint32_t read_marks;  ///< OR of the read_mark of every column read (ups_take_read_marks)
} ups_sandbox;

/// Monotonic clock in nanoseconds.
int64_t ups_now_ns(void);

/// Charges `units` steps of work to the budget of the running call and checks the deadline and
/// cancellation; raises the sandbox's final error when any is exhausted. Call only from C code
/// running inside Lua (a lua_CFunction or something it calls): it may longjmp.
void ups_charge(lua_State *L, int64_t units);

/// The sandbox record of a state created by ups_newstate.
ups_sandbox *ups_sandbox_of(lua_State *L);

#endif
