// Row-proxy micro-benchmark in C, for stable figures on a busy machine: run it under
// `valgrind --tool=callgrind` (bench.sh --instructions) and the per-row instruction counts
// do not depend on what else the machine is doing. Uses the sandbox exactly as the host does:
// ups_newstate, an environment, a registered table, ups_call_rows in batches of 4,096 rows.
// NOHOOK=1 removes the count hook, to see what the sandbox's instruction budget costs.
#include <lua.h>
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ups_rows.h"
#include "ups_state.h"

enum { COLUMNS = 4 };

static int64_t run(lua_State *L, int function, int table, int64_t rows) {
    ups_value *results = malloc(sizeof(ups_value) * 4096);
    int64_t started = ups_now_ns();
    for (int64_t first = 0; first < rows; first += 4096) {
        ups_row_call call = {.function_ref = function, .table_ref = table, .first = first,
                             .end = first + 4096 < rows ? first + 4096 : rows, .results = results};
        if (ups_call_rows(L, &call) != LUA_OK) { fprintf(stderr, "error: %s\n", ups_sandbox_of(L)->error.message); exit(1); }
    }
    free(results);
    return ups_now_ns() - started;
}

int main(int argc, char **argv) {
    int64_t rows = argc > 1 ? atoll(argv[1]) : 1000000;
    int only = argc > 2 ? atoi(argv[2]) : -1;   // one case, for instruction counts
    // Columns: payer_id (text), total_charge (money), eligibility_verified_at (datetime), units (int).
    int64_t *offsets = malloc(sizeof(int64_t) * (size_t)(rows + 1));
    char *bytes = malloc((size_t)rows * 3 + 1);
    int64_t *money = malloc(sizeof(int64_t) * (size_t)rows), *seconds = malloc(sizeof(int64_t) * (size_t)rows);
    int64_t *units = malloc(sizeof(int64_t) * (size_t)rows);
    uint8_t *present = malloc((size_t)rows);
    for (int64_t r = 0; r < rows; r++) {
        offsets[r] = r * 3;
        memcpy(bytes + r * 3, "P0", 2);
        bytes[r * 3 + 2] = (char)('0' + r % 5);
        money[r] = r % 50000;
        seconds[r] = 1735700400 + r;
        units[r] = r % 4;
        present[r] = r % 9 != 0;
    }
    offsets[rows] = rows * 3;
    ups_column columns[COLUMNS] = {
        {.name = "payer_id", .kind = UPS_COLUMN_TEXT, .offsets = offsets, .bytes = bytes},
        {.name = "total_charge", .kind = UPS_COLUMN_MONEY, .values = money},
        {.name = "eligibility_verified_at", .kind = UPS_COLUMN_DATETIME, .values = seconds, .present = present},
        {.name = "units", .kind = UPS_COLUMN_INT, .values = units},
    };
    ups_table table = {.dataset = "encounters", .row_count = rows, .column_count = COLUMNS, .columns = columns};
    ups_sandbox sandbox = {.memory_limit = 256u << 20, .call_budget = 10000000, .budget_left = 100000000, .output_left = 1 << 20};
    lua_State *L = ups_newstate(&sandbox);
    if (getenv("NOHOOK")) lua_sethook(L, NULL, 0, 0);
    int env = 0, registered = 0;
    ups_new_environment(L, "bench", &env);
    ups_register_table(L, &table, &registered);
    const char *cases[][2] = {
        {"empty callback", "return function(e) return true end"},
        {"one field", "return function(e) return e.units ~= nil end"},
        {"text field", "return function(e) return e.payer_id ~= nil end"},
        {"three fields", "return function(e) return e.payer_id ~= nil and e.total_charge > 100 and e.eligibility_verified_at ~= nil end"},
    };
    printf("Row proxy, C harness, %lld rows, hook on (ns per row call):\n", (long long)rows);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (only >= 0 && (size_t)only != i) continue;
        ups_value result;
        int count = 0;
        sandbox.budget_left = 100000000;
        if (ups_run_chunk(L, env, cases[i][1], strlen(cases[i][1]), "@bench", &result, 1, &count) != LUA_OK || count != 1) return 1;
        int64_t best = INT64_MAX;
        for (int round = 0; round < (only >= 0 ? 1 : 3); round++) {
            int64_t elapsed = run(L, (int)result.integer, registered, rows);
            if (elapsed < best) best = elapsed;
        }
        printf("  %-16s %6.1f ns\n", cases[i][0], (double)best / (double)rows);
    }
    ups_close(L);
    return 0;
}
