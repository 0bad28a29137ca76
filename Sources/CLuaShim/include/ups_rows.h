// Rows reach Lua as userdata proxies whose __index reads the host's columns directly, in C:
// no Swift call and no table per row.
#ifndef UPS_ROWS_H
#define UPS_ROWS_H

#include "ups_sandbox.h"

typedef enum ups_column_kind {
    UPS_COLUMN_TEXT = 0,     ///< offsets + bytes  → Lua string
    UPS_COLUMN_INT = 1,      ///< int64            → Lua integer
    UPS_COLUMN_NUMBER = 2,   ///< double           → Lua float
    UPS_COLUMN_MONEY = 3,    ///< int64 cents      → Lua float dollars
    UPS_COLUMN_BOOL = 4,     ///< uint8            → Lua boolean
    UPS_COLUMN_DATE = 5,     ///< int32 days since 1970-01-01 → "YYYY-MM-DD"
    UPS_COLUMN_DATETIME = 6, ///< int64 seconds since 1970-01-01T00:00:00 → "YYYY-MM-DDTHH:MM:SS"
    UPS_COLUMN_ABSENT = 7,   ///< declared but not in the input: reading it raises `absent`
    UPS_COLUMN_LIST = 8,     ///< offsets → item range, item_offsets → bytes: a read-only sequence
    UPS_COLUMN_VALUE = 9,    ///< a Lua value per row that a state attached (ups_attach_values);
                             ///< reading it where none was attached raises
    UPS_COLUMN_DATED_MONEY = 10, ///< int64 cents at the start, less the dated events up to the
                                 ///< state's as-of date (ups_set_as_of, ups_state.h) → Lua float dollars
    UPS_COLUMN_DATED_CENTS = 11, ///< the same amount → Lua integer cents
} ups_column_kind;

/// One column as the host stores it; the pointers must stay valid while the state uses them.
typedef struct ups_column {
    const char *name;
    int kind;                 ///< ups_column_kind
    const uint8_t *present;   ///< 1 byte a row, nonzero when present; NULL: all present
    const void *values;       ///< int64_t, double, uint8_t or int32_t per row, by kind
    const int64_t *offsets;   ///< text: row r is bytes[offsets[r] ..< offsets[r + 1]];
                              ///< list: row r is items offsets[r] ..< offsets[r + 1]
    const int64_t *item_offsets; ///< list: item k is bytes[item_offsets[k] ..< item_offsets[k + 1]]
    const char *bytes;
    int offsets32;            ///< nonzero: offsets and item_offsets hold uint32_t, not int64_t
    const uint16_t *codes;    ///< text, dictionary-encoded: row r is entry codes[r] of offsets/bytes;
                              ///< NULL: row r is entry r
    /// Dated money: row r's events are event_days/event_cents[offsets[r] ..< offsets[r + 1]]
    /// (int64 offsets); each is subtracted from values[r] once its day is on or before as-of.
    const int32_t *event_days;
    const int64_t *event_cents;
    int32_t as_of;            ///< dated money: the as-of date of a state that set none
    uint32_t read_mark;       ///< nonzero: a read ORs it into the state's read marks (ups_take_read_marks)
} ups_column;

struct ups_table;

/// A relation from each row of a table to rows of `target` (SPEC section 3's relations).
typedef struct ups_relation {
    const char *name;            ///< "encounter", "claims", "registered_by_staff"
    const struct ups_table *target;
    const int32_t *one;          ///< to one row: the target row of each row, -1 for none
    const int32_t *offsets;      ///< to many rows: row r's rows are rows[offsets[r] ..< offsets[r + 1]]
    const int32_t *rows;
    int absent;                  ///< the target dataset was not loaded: reading it skips the definition
    const char *target_name;     ///< for the message when absent
} ups_relation;

/// One policy failure on a row (SPEC section 3, `row.failures`); strings are NUL-terminated.
typedef struct ups_failure {
    const char *policy;
    const char *role;
    const char *severity;
    const char *code;         ///< NULL: none
    const char *message;
} ups_failure;

/// The policy failures of every row of a table: row r's are records[offsets[r] ..< offsets[r + 1]].
typedef struct ups_failure_index {
    const int32_t *offsets;   ///< row_count + 1 entries; NULL: no row has a failure
    const ups_failure *records;
} ups_failure_index;

typedef struct ups_table {
    const char *dataset;      ///< for messages: "no field 'x' in encounters"
    int64_t row_count;
    int32_t column_count;
    const ups_column *columns;
    int32_t extra_count;      ///< export columns beyond the canonical ones: `row.extra["Name"]`
    const ups_column *extras;
    int32_t relation_count;
    const ups_relation *relations;
    /// `row.failures` and `row:failed(id_or_role)` read it; NULL (policies, which run before
    /// their results exist) makes both raise.
    const ups_failure_index *failures;
} ups_table;

/// Makes the proxy metatable of `table` in this state; *ref names it in later calls. Register
/// every table a relation points at before calling into Lua.
int ups_register_table(lua_State *L, const ups_table *table, int *ref);

/// The read marks of the columns read since the last call, which clears them.
uint32_t ups_take_read_marks(lua_State *L);

/// Attaches to the registered table `table_ref` the values of its UPS_COLUMN_VALUE column
/// `name`: row r reads values[r + 1] of the table `values_ref` (nil when absent), in this state.
int ups_attach_values(lua_State *L, int table_ref, const char *name, int values_ref);

/// One batch of callbacks: for each row in [first, end), resets the budget to
/// sandbox->call_budget, seeds math.random from (seed, row_seeds[row]), calls
/// function(proxy(row)) and stores its first result.
typedef struct ups_row_call {
    int function_ref;
    int table_ref;            ///< from ups_register_table
    int64_t first;
    int64_t end;
    uint64_t seed;            ///< per definition
    const uint64_t *row_seeds; ///< per record; NULL: the row index is used
    ups_value *results;       ///< end - first values; strings valid until the next entry call
    int64_t next_row;         ///< out: rows before it completed; on error, the failing row
} ups_row_call;

/// Runs a batch. On error, call->next_row is the row whose callback failed; the host records
/// the error and, unless the sandbox was breached, continues from next_row + 1.
int ups_call_rows(lua_State *L, ups_row_call *call);

#endif
