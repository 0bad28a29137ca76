// The hottest date helpers in C: date.days, date.hours and date.before run once per row in
// typical policies and measures, and a trip through the Swift host function costs about a
// microsecond (argument arrays, Strings). These parse the same forms the Swift helpers do
// (DateHelpers.instant): "YYYY-MM-DD", optionally followed by "THH:MM[:SS]" or " HH:MM[:SS]".
#include <string.h>
#include "internal.h"

typedef struct instant {
    int64_t days;
    int64_t seconds;
} instant;

static int digits(const char *s, size_t length, size_t from, size_t to, int *out) {
    if (to > length) return 0;
    int value = 0;
    for (size_t i = from; i < to; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        value = value * 10 + (s[i] - '0');
    }
    *out = value;
    return 1;
}

static int days_in_month(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return days[m - 1];
}

/// Days since 1970-01-01 (the same arithmetic as CivilDate.days).
static int64_t days_from_civil(int year, int month, int day) {
    int64_t y = month <= 2 ? year - 1 : year;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t mp = (month + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/// Reads argument `index` as an instant; 0 when it is nil, raises when it is not a date.
static int read_instant(lua_State *L, int index, const char *name, instant *out) {
    if (lua_isnoneornil(L, index)) return 0;
    size_t length = 0;
    const char *s = lua_type(L, index) == LUA_TSTRING ? lua_tolstring(L, index, &length) : NULL;
    int y, m, d, hh, mm, ss = 0;
    if (s == NULL || length < 10 || s[4] != '-' || s[7] != '-' || !digits(s, length, 0, 4, &y) || !digits(s, length, 5, 7, &m)
        || !digits(s, length, 8, 10, &d) || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) {
        return luaL_error(L, "date.%s: expected a date \"YYYY-MM-DD\" or datetime \"YYYY-MM-DDTHH:MM:SS\", got %s",
                          name, s ? s : luaL_typename(L, index));
    }
    out->days = days_from_civil(y, m, d);
    out->seconds = out->days * 86400;
    if (length >= 16 && (s[10] == 'T' || s[10] == ' ') && digits(s, length, 11, 13, &hh) && digits(s, length, 14, 16, &mm)) {
        if (!digits(s, length, 17, 19, &ss)) ss = 0;
        out->seconds += (int64_t)hh * 3600 + mm * 60 + ss;
    }
    return 1;
}

static int date_days(lua_State *L) {
    instant a, b;
    int has_a = read_instant(L, 1, "days", &a), has_b = read_instant(L, 2, "days", &b);
    if (!has_a || !has_b) { lua_pushnil(L); return 1; }
    lua_pushinteger(L, (lua_Integer)(b.days - a.days));
    return 1;
}

static int date_hours(lua_State *L) {
    instant a, b;
    int has_a = read_instant(L, 1, "hours", &a), has_b = read_instant(L, 2, "hours", &b);
    if (!has_a || !has_b) { lua_pushnil(L); return 1; }
    lua_pushnumber(L, (lua_Number)(b.seconds - a.seconds) / 3600.0);
    return 1;
}

static int date_before(lua_State *L) {
    instant a, b;
    int has_a = read_instant(L, 1, "before", &a), has_b = read_instant(L, 2, "before", &b);
    if (!has_a || !has_b) { lua_pushnil(L); return 1; }
    lua_pushboolean(L, a.seconds < b.seconds);
    return 1;
}

/// date.as_of(): measures call it on every row (windows, aging), so it reads the date the host
/// set instead of crossing into Swift. The message matches the Swift helper's.
static int date_as_of(lua_State *L) {
    ups_sandbox *sb = ups_sandbox_of(L);
    ups_charge(L, 1);
    if (!sb->as_of_known) {
        luaL_where(L, 1);
        lua_pushliteral(L, "date.as_of() is not known while packs load; call it inside a callback");
        lua_concat(L, 2);
        return lua_error(L);
    }
    ups_push_date(L, sb->as_of_days);
    return 1;
}

void ups_set_as_of(lua_State *L, int known, int32_t days) {
    ups_sandbox *sb = ups_sandbox_of(L);
    sb->as_of_known = known;
    sb->as_of_days = days;
}

lua_CFunction ups_native_function(const char *table_name, const char *name) {
    if (table_name == NULL || strcmp(table_name, "date") != 0) return NULL;
    if (strcmp(name, "days") == 0) return date_days;
    if (strcmp(name, "hours") == 0) return date_hours;
    if (strcmp(name, "before") == 0) return date_before;
    if (strcmp(name, "as_of") == 0) return date_as_of;
    return NULL;
}
