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
} ups_column;

typedef struct ups_table {
    const char *dataset;      ///< for messages: "no field 'x' in encounters"
    int64_t row_count;
    int32_t column_count;
    const ups_column *columns;
    int32_t extra_count;      ///< export columns beyond the canonical ones: `row.extra["Name"]`
    const ups_column *extras;
} ups_table;

/// Makes the proxy metatable of `table` in this state; *ref names it in later calls.
int ups_register_table(lua_State *L, const ups_table *table, int *ref);

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
