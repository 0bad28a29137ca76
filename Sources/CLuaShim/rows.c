// Row proxies: full userdata of two words (table, row) whose metatable's __index reads the
// host's typed columns in place. Reading costs a hash lookup of the field name and one push.
#include "internal.h"
#include <string.h>

typedef struct row_proxy {
    const ups_table *table;
    int64_t row;
} row_proxy;

static const char key_table = 0;       // metatable field: the ups_table (light userdata)
static const char key_list_meta = 0;   // registry: the metatable of list proxies
static const char key_extra_meta = 0;  // row metatable field: the metatable of `row.extra`
static const char key_metas = 0;       // registry: ups_table (light userdata) → its row metatable
static const char key_rows_meta = 0;   // registry: the metatable of related-row sequences
static const char key_values = 0;      // row metatable field: column name → Lua values by row

/// Rows of one table reached through a to-many relation.
typedef struct rows_proxy {
    const ups_table *table;
    const int32_t *rows;
    int64_t count;
} rows_proxy;

/// Pushes a proxy of `row` of `table` (registered in this state).
static void push_row(lua_State *L, const ups_table *table, int64_t row) {
    row_proxy *proxy = (row_proxy *)lua_newuserdatauv(L, sizeof(row_proxy), 0);
    proxy->table = table;
    proxy->row = row;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &key_metas);
    if (lua_rawgetp(L, -1, table) != LUA_TTABLE) luaL_error(L, "%s is not registered in this state", table->dataset);
    lua_setmetatable(L, -3);
    lua_pop(L, 1);
}

int ups_row_at(lua_State *L, int index, const ups_table **table, int64_t *row) {
    if (lua_type(L, index) != LUA_TUSERDATA || !lua_getmetatable(L, index)) return 0;
    int is_row = lua_rawgetp(L, -1, &key_table) == LUA_TLIGHTUSERDATA;
    lua_pop(L, 2);
    if (!is_row) return 0;
    const row_proxy *proxy = (const row_proxy *)lua_touserdata(L, index);
    *table = proxy->table;
    *row = proxy->row;
    return 1;
}

void ups_push_row_of(lua_State *L, int table_ref, int64_t row) {
    lua_rawgeti(L, LUA_REGISTRYINDEX, table_ref);
    lua_rawgetp(L, -1, &key_table);
    const ups_table *table = (const ups_table *)lua_touserdata(L, -1);
    lua_pop(L, 2);
    if (table == NULL || row < 0 || row >= table->row_count) luaL_error(L, "no such row");
    push_row(L, table, row);
}

static int push_relation(lua_State *L, const ups_table *table, const ups_relation *relation, int64_t row) {
    if (relation->absent) {
        ups_sandbox_of(L)->error.absent_column = 1;
        return luaL_error(L, "%s.%s: %s not in the data", table->dataset, relation->name, relation->target_name);
    }
    if (relation->one != NULL) {
        int32_t target = relation->one[row];
        if (target < 0) lua_pushnil(L); else push_row(L, relation->target, target);
        return 1;
    }
    rows_proxy *many = (rows_proxy *)lua_newuserdatauv(L, sizeof(rows_proxy), 0);
    many->table = relation->target;
    many->rows = relation->rows + relation->offsets[row];
    many->count = relation->offsets[row + 1] - relation->offsets[row];
    lua_rawgetp(L, LUA_REGISTRYINDEX, &key_rows_meta);
    lua_setmetatable(L, -2);
    return 1;
}

static int rows_index(lua_State *L) {
    const rows_proxy *many = (const rows_proxy *)lua_touserdata(L, 1);
    if (!lua_isinteger(L, 2)) { lua_pushnil(L); return 1; }
    lua_Integer i = lua_tointeger(L, 2);
    if (i < 1 || i > many->count) { lua_pushnil(L); return 1; }
    push_row(L, many->table, many->rows[i - 1]);
    return 1;
}

static int rows_length(lua_State *L) {
    lua_pushinteger(L, ((const rows_proxy *)lua_touserdata(L, 1))->count);
    return 1;
}

static int rows_next(lua_State *L) {
    const rows_proxy *many = (const rows_proxy *)lua_touserdata(L, 1);
    lua_Integer i = lua_isnil(L, 2) ? 1 : luaL_checkinteger(L, 2) + 1;
    if (i > many->count) return 0;
    lua_pushinteger(L, i);
    push_row(L, many->table, many->rows[i - 1]);
    return 2;
}

static int rows_pairs(lua_State *L) {
    lua_pushcfunction(L, rows_next);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

static int rows_tostring(lua_State *L) {
    const rows_proxy *many = (const rows_proxy *)lua_touserdata(L, 1);
    lua_pushfstring(L, "%I %s rows", (LUAI_UACINT)many->count, many->table->dataset);
    return 1;
}

/// A list value: one row's items of one list column.
typedef struct list_proxy {
    const ups_column *column;
    int64_t first;   // item range [first, end)
    int64_t end;
} list_proxy;

static inline int64_t offset_at(const ups_column *column, const void *offsets, int64_t i) {
    return column->offsets32 ? (int64_t)((const uint32_t *)offsets)[i] : ((const int64_t *)offsets)[i];
}

/// Pushes row `row` of a text column (through its dictionary when it has one).
static void push_text(lua_State *L, const ups_column *column, int64_t row) {
    const int64_t entry = column->codes != NULL ? (int64_t)column->codes[row] : row;
    const int64_t start = offset_at(column, column->offsets, entry);
    lua_pushlstring(L, column->bytes + start, (size_t)(offset_at(column, column->offsets, entry + 1) - start));
}

/// Days since 1970-01-01 to a proleptic Gregorian civil date (Howard Hinnant's algorithm).
static void civil_from_days(int64_t days, int *year, int *month, int *day) {
    days += 719468;
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    int64_t day_of_era = days - era * 146097;
    int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    int64_t mp = (5 * day_of_year + 2) / 153;
    *day = (int)(day_of_year - (153 * mp + 2) / 5 + 1);
    *month = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = (int)(year_of_era + era * 400 + (*month <= 2));
}

static void put_digits(char *out, int value, int width) {
    for (int i = width - 1; i >= 0; i--) { out[i] = (char)('0' + value % 10); value /= 10; }
}

static void push_date(lua_State *L, int64_t days) {
    int year, month, day;
    civil_from_days(days, &year, &month, &day);
    char text[10];
    put_digits(text, year, 4);
    text[4] = '-';
    put_digits(text + 5, month, 2);
    text[7] = '-';
    put_digits(text + 8, day, 2);
    lua_pushlstring(L, text, 10);
}

static void push_datetime(lua_State *L, int64_t seconds) {
    int64_t days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
    int64_t rest = seconds - days * 86400;
    int year, month, day;
    civil_from_days(days, &year, &month, &day);
    char text[19];
    put_digits(text, year, 4);
    text[4] = '-';
    put_digits(text + 5, month, 2);
    text[7] = '-';
    put_digits(text + 8, day, 2);
    text[10] = 'T';
    put_digits(text + 11, (int)(rest / 3600), 2);
    text[13] = ':';
    put_digits(text + 14, (int)(rest / 60 % 60), 2);
    text[16] = ':';
    put_digits(text + 17, (int)(rest % 60), 2);
    lua_pushlstring(L, text, 19);
}

/// A UPS_COLUMN_VALUE column: the value this state attached for the row (the proxy is at 1).
static int push_attached(lua_State *L, const ups_table *table, const ups_column *column, int64_t row) {
    lua_getmetatable(L, 1);
    if (lua_rawgetp(L, -1, &key_values) != LUA_TTABLE || lua_getfield(L, -1, column->name) != LUA_TTABLE)
        return luaL_error(L, "%s.%s is readable in KPIs and refine only", table->dataset, column->name);
    lua_geti(L, -1, row + 1);   // not raw: the host freezes the values, which keeps them behind __index
    return 1;
}

/// A dated-money column's cents for `row` at the state's as-of date: the amount at the start
/// less every event dated on or before it (a claim's balance as the months go by).
static int64_t dated_cents(lua_State *L, const ups_column *column, int64_t row) {
    const ups_sandbox *sb = ups_sandbox_of(L);
    const int32_t as_of = sb->as_of_known ? sb->as_of_days : column->as_of;
    int64_t cents = ((const int64_t *)column->values)[row];
    for (int64_t k = column->offsets[row]; k < column->offsets[row + 1]; k++) {
        if (column->event_days[k] <= as_of) cents -= column->event_cents[k];
    }
    return cents;
}

uint32_t ups_take_read_marks(lua_State *L) {
    ups_sandbox *sb = ups_sandbox_of(L);
    uint32_t marks = sb->read_marks;
    sb->read_marks = 0;
    return marks;
}

static int row_index(lua_State *L) {
    const row_proxy *proxy = (const row_proxy *)lua_touserdata(L, 1);
    const ups_table *table = proxy->table;
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNUMBER) {
        if (lua_type(L, 2) != LUA_TSTRING) return luaL_error(L, "rows of %s are indexed by field names", table->dataset);
        if (strcmp(lua_tostring(L, 2), "extra") == 0) {   // row.extra["Column Name"]
            row_proxy *extra = (row_proxy *)lua_newuserdatauv(L, sizeof(row_proxy), 0);
            *extra = *proxy;
            lua_getmetatable(L, 1);
            lua_rawgetp(L, -1, &key_extra_meta);
            lua_setmetatable(L, -3);
            lua_pop(L, 1);
            return 1;
        }
        const char *name = lua_tostring(L, 2);
        if (strcmp(name, "failures") == 0) return ups_push_row_failures(L, table, proxy->row, 0);
        if (strcmp(name, "failed") == 0) return ups_push_row_failures(L, table, proxy->row, 1);
        return luaL_error(L, "no field '%s' in %s", name, table->dataset);
    }
    lua_Integer slot = lua_tointeger(L, -1);
    if (slot < 0) return push_relation(L, table, &table->relations[-slot - 1], proxy->row);
    const ups_column *column = &table->columns[slot];
    int64_t row = proxy->row;
    if (column->read_mark != 0) ups_sandbox_of(L)->read_marks |= column->read_mark;
    if (column->kind == UPS_COLUMN_ABSENT) {
        ups_sandbox_of(L)->error.absent_column = 1;
        return luaL_error(L, "%s.%s not in the data", table->dataset, column->name);
    }
    if (column->present != NULL && !column->present[row] && column->kind != UPS_COLUMN_LIST) {
        lua_pushnil(L);
        return 1;
    }
    switch (column->kind) {
    case UPS_COLUMN_TEXT: push_text(L, column, row); break;
    case UPS_COLUMN_LIST: {
        list_proxy *list = (list_proxy *)lua_newuserdatauv(L, sizeof(list_proxy), 0);
        list->column = column;
        list->first = offset_at(column, column->offsets, row);
        list->end = offset_at(column, column->offsets, row + 1);
        lua_rawgetp(L, LUA_REGISTRYINDEX, &key_list_meta);
        lua_setmetatable(L, -2);
        break;
    }
    case UPS_COLUMN_INT: lua_pushinteger(L, ((const int64_t *)column->values)[row]); break;
    case UPS_COLUMN_NUMBER: lua_pushnumber(L, ((const double *)column->values)[row]); break;
    case UPS_COLUMN_MONEY: lua_pushnumber(L, (lua_Number)((const int64_t *)column->values)[row] / 100.0); break;
    case UPS_COLUMN_BOOL: lua_pushboolean(L, ((const uint8_t *)column->values)[row] != 0); break;
    case UPS_COLUMN_DATE: push_date(L, ((const int32_t *)column->values)[row]); break;
    case UPS_COLUMN_DATETIME: push_datetime(L, ((const int64_t *)column->values)[row]); break;
    case UPS_COLUMN_VALUE: return push_attached(L, table, column, row);   // no presence bytes
    case UPS_COLUMN_DATED_MONEY: lua_pushnumber(L, (lua_Number)dated_cents(L, column, row) / 100.0); break;
    case UPS_COLUMN_DATED_CENTS: lua_pushinteger(L, dated_cents(L, column, row)); break;
    default: lua_pushnil(L); break;
    }
    return 1;
}

/// row.extra["Column Name"]: the export's non-canonical columns, as text; nil when the input
/// has no such column.
static int extra_index(lua_State *L) {
    const row_proxy *proxy = (const row_proxy *)lua_touserdata(L, 1);
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNUMBER) {
        lua_pushnil(L);
        return 1;
    }
    const ups_column *column = &proxy->table->extras[lua_tointeger(L, -1)];
    if (column->present != NULL && !column->present[proxy->row]) {
        lua_pushnil(L);
        return 1;
    }
    push_text(L, column, proxy->row);
    return 1;
}

static int list_index(lua_State *L) {
    const list_proxy *list = (const list_proxy *)lua_touserdata(L, 1);
    if (!lua_isinteger(L, 2)) { lua_pushnil(L); return 1; }
    lua_Integer i = lua_tointeger(L, 2);
    if (i < 1 || i > list->end - list->first) { lua_pushnil(L); return 1; }
    const ups_column *column = list->column;
    int64_t item = list->first + i - 1;
    const int64_t start = offset_at(column, column->item_offsets, item);
    lua_pushlstring(L, column->bytes + start, (size_t)(offset_at(column, column->item_offsets, item + 1) - start));
    return 1;
}

static int list_length(lua_State *L) {
    const list_proxy *list = (const list_proxy *)lua_touserdata(L, 1);
    lua_pushinteger(L, list->end - list->first);
    return 1;
}

static int list_next(lua_State *L) {
    const list_proxy *list = (const list_proxy *)lua_touserdata(L, 1);
    lua_Integer i = lua_isnil(L, 2) ? 1 : luaL_checkinteger(L, 2) + 1;
    if (i > list->end - list->first) return 0;
    lua_pushinteger(L, i);
    lua_pushinteger(L, i);
    lua_replace(L, 2);
    list_index(L);
    return 2;
}

static int list_pairs(lua_State *L) {
    lua_pushcfunction(L, list_next);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

static int list_newindex(lua_State *L) {
    return luaL_error(L, "rows and lists from the data are read-only");
}

static int list_tostring(lua_State *L) {
    const list_proxy *list = (const list_proxy *)lua_touserdata(L, 1);
    lua_pushfstring(L, "list of %I", (LUAI_UACINT)(list->end - list->first));
    return 1;
}

static int row_newindex(lua_State *L) {
    const row_proxy *proxy = (const row_proxy *)lua_touserdata(L, 1);
    return luaL_error(L, "rows of %s are read-only", proxy->table->dataset);
}

static int row_equal(lua_State *L) {
    const row_proxy *a = (const row_proxy *)lua_touserdata(L, 1);
    const row_proxy *b = (const row_proxy *)lua_touserdata(L, 2);
    lua_pushboolean(L, a != NULL && b != NULL && a->table == b->table && a->row == b->row);
    return 1;
}

static int row_tostring(lua_State *L) {
    const row_proxy *proxy = (const row_proxy *)lua_touserdata(L, 1);
    lua_pushfstring(L, "%s row %I", proxy->table->dataset, (LUAI_UACINT)(proxy->row + 1));
    return 1;
}

static int register_table(lua_State *L) {
    const ups_table *table = (const ups_table *)lua_touserdata(L, 1);
    int *ref = (int *)lua_touserdata(L, 2);
    lua_settop(L, 0);
    lua_createtable(L, 0, 8);
    int meta = 1;
    lua_createtable(L, 0, table->column_count);     // field name -> column index
    for (int32_t i = 0; i < table->column_count; i++) {
        lua_pushinteger(L, i);
        lua_setfield(L, -2, table->columns[i].name);
    }
    for (int32_t i = 0; i < table->relation_count; i++) {   // relations as negative slots
        lua_pushinteger(L, -(lua_Integer)i - 1);
        lua_setfield(L, -2, table->relations[i].name);
    }
    lua_pushcclosure(L, row_index, 1);
    lua_setfield(L, meta, "__index");
    lua_pushcfunction(L, row_newindex);
    lua_setfield(L, meta, "__newindex");
    lua_pushcfunction(L, row_equal);
    lua_setfield(L, meta, "__eq");
    lua_pushcfunction(L, row_tostring);
    lua_setfield(L, meta, "__tostring");
    lua_pushstring(L, table->dataset);
    lua_setfield(L, meta, "__name");
    lua_pushliteral(L, "row");
    lua_setfield(L, meta, "__metatable");
    lua_pushlightuserdata(L, (void *)table);
    lua_rawsetp(L, meta, &key_table);
    lua_createtable(L, 0, 4);                           // the metatable of row.extra
    lua_createtable(L, 0, table->extra_count);
    for (int32_t i = 0; i < table->extra_count; i++) {
        lua_pushinteger(L, i);
        lua_setfield(L, -2, table->extras[i].name);
    }
    lua_pushcclosure(L, extra_index, 1);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, row_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushliteral(L, "extra");
    lua_setfield(L, -2, "__metatable");
    lua_rawsetp(L, meta, &key_extra_meta);
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &key_list_meta) == LUA_TNIL) {
        static const luaL_Reg list_methods[] = {
            {"__index", list_index}, {"__len", list_length}, {"__pairs", list_pairs},
            {"__newindex", list_newindex}, {"__tostring", list_tostring}, {NULL, NULL},
        };
        lua_newtable(L);
        luaL_setfuncs(L, list_methods, 0);
        lua_pushliteral(L, "list");
        lua_setfield(L, -2, "__metatable");
        lua_rawsetp(L, LUA_REGISTRYINDEX, &key_list_meta);
    }
    lua_pop(L, 1);
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &key_rows_meta) == LUA_TNIL) {
        static const luaL_Reg rows_methods[] = {
            {"__index", rows_index}, {"__len", rows_length}, {"__pairs", rows_pairs},
            {"__newindex", list_newindex}, {"__tostring", rows_tostring}, {NULL, NULL},
        };
        lua_newtable(L);
        luaL_setfuncs(L, rows_methods, 0);
        lua_pushliteral(L, "rows");
        lua_setfield(L, -2, "__metatable");
        lua_rawsetp(L, LUA_REGISTRYINDEX, &key_rows_meta);
    }
    lua_pop(L, 1);
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &key_metas) == LUA_TNIL) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_rawsetp(L, LUA_REGISTRYINDEX, &key_metas);
    }
    lua_pushvalue(L, meta);
    lua_rawsetp(L, -2, table);
    lua_pop(L, 1);
    *ref = luaL_ref(L, LUA_REGISTRYINDEX);
    return 0;
}


static int attach_values(lua_State *L) {
    const int *refs = (const int *)lua_touserdata(L, 1);   // table_ref, values_ref
    const char *name = (const char *)lua_touserdata(L, 2);
    lua_settop(L, 0);
    lua_rawgeti(L, LUA_REGISTRYINDEX, refs[0]);            // 1: the row metatable
    if (!lua_istable(L, 1)) return luaL_error(L, "not a registered table");
    if (lua_rawgetp(L, 1, &key_values) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_rawsetp(L, 1, &key_values);
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, refs[1]);
    lua_setfield(L, -2, name);
    return 0;
}

int ups_attach_values(lua_State *L, int table_ref, const char *name, int values_ref) {
    int refs[2] = {table_ref, values_ref};
    return ups_call_protected(L, attach_values, refs, (void *)name);
}

int ups_register_table(lua_State *L, const ups_table *table, int *ref) {
    return ups_call_protected(L, register_table, (void *)table, ref);
}

static int call_rows(lua_State *L) {
    ups_row_call *call = (ups_row_call *)lua_touserdata(L, 1);
    ups_sandbox *sb = ups_sandbox_of(L);
    lua_settop(L, 0);
    lua_createtable(L, (int)(call->end - call->first), 0);  // sized once: no rehash per row
    lua_rawsetp(L, LUA_REGISTRYINDEX, &ups_key_anchor);
    lua_rawgeti(L, LUA_REGISTRYINDEX, call->function_ref);   // 1
    lua_rawgeti(L, LUA_REGISTRYINDEX, call->table_ref);      // 2
    lua_rawgetp(L, 2, &key_table);
    const ups_table *table = (const ups_table *)lua_touserdata(L, -1);
    lua_pop(L, 1);
    if (table == NULL) return luaL_error(L, "not a registered table");
    if (call->first < 0 || call->end > table->row_count) return luaL_error(L, "rows out of range");
    // One proxy serves the whole batch, pointed at each row in turn: callbacks are pure, so
    // none can keep it past its call, and no allocation or collection is spent per row.
    row_proxy *proxy = (row_proxy *)lua_newuserdatauv(L, sizeof(row_proxy), 0);
    proxy->table = table;
    lua_pushvalue(L, 2);
    lua_setmetatable(L, -2);
    for (int64_t row = call->first; row < call->end; row++) {
        call->next_row = row;
        sb->error.row = row;
        sb->budget_left = sb->call_budget;
        ups_seed_random_lazily(sb, call->seed ^ (call->row_seeds ? call->row_seeds[row] : (uint64_t)row));
        lua_pushvalue(L, 1);
        proxy->row = row;
        lua_pushvalue(L, 3);
        lua_call(L, 1, 1);
        ups_export_value(L, -1, (int)(row - call->first + 1), &call->results[row - call->first]);
        lua_pop(L, 1);
    }
    call->next_row = call->end;
    sb->error.row = -1;
    return 0;
}

int ups_call_rows(lua_State *L, ups_row_call *call) {
    call->next_row = call->first;
    return ups_call_protected(L, call_rows, call, NULL);
}

void ups_push_date(lua_State *L, int64_t days) {
    push_date(L, days);
}
