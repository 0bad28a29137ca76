// The sandbox's math and string libraries: stock functions that are safe as they are, plus a
// deterministic math.random and a string.rep whose work is charged to the budget.
#include "internal.h"
#include "ups_pattern.h"
#include <string.h>

// ---- math.random: xoshiro256** seeded through splitmix64, state in the sandbox record ----

static uint64_t splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void ups_seed_random(ups_sandbox *sb, uint64_t seed) {
    sb->rng_pending = 0;
    for (int i = 0; i < 4; i++) sb->rng[i] = splitmix64(&seed);
}

static uint64_t rotate_left(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t next_random(ups_sandbox *sb) {
    if (sb->rng_pending) ups_seed_random(sb, sb->rng_pending_seed);
    uint64_t *s = sb->rng;
    uint64_t result = rotate_left(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotate_left(s[3], 45);
    return result;
}

/// A uniform integer in [0, limit] by masking and rejection (no modulo bias).
static lua_Unsigned random_upto(ups_sandbox *sb, lua_Unsigned limit) {
    if (limit == 0) return 0;
    lua_Unsigned mask = limit;
    for (int shift = 1; shift < 64; shift <<= 1) mask |= mask >> shift;
    lua_Unsigned value;
    do value = next_random(sb) & mask; while (value > limit);
    return value;
}

static int math_random(lua_State *L) {
    ups_sandbox *sb = ups_sandbox_of(L);
    lua_Integer low, high;
    switch (lua_gettop(L)) {
    case 0:
        lua_pushnumber(L, (lua_Number)(next_random(sb) >> 11) * 0x1.0p-53);
        return 1;
    case 1:
        low = 1;
        high = luaL_checkinteger(L, 1);
        if (high == 0) {                 // math.random(0): every bit random
            lua_pushinteger(L, (lua_Integer)next_random(sb));
            return 1;
        }
        break;
    case 2:
        low = luaL_checkinteger(L, 1);
        high = luaL_checkinteger(L, 2);
        break;
    default:
        return luaL_error(L, "wrong number of arguments");
    }
    luaL_argcheck(L, low <= high, lua_gettop(L), "interval is empty");
    lua_Unsigned offset = random_upto(sb, (lua_Unsigned)high - (lua_Unsigned)low);
    lua_pushinteger(L, (lua_Integer)(offset + (lua_Unsigned)low));
    return 1;
}

/// Reseeds deterministically from the arguments (never from the clock).
static int math_randomseed(lua_State *L) {
    uint64_t seed = (uint64_t)luaL_optinteger(L, 1, 0);
    seed ^= (uint64_t)luaL_optinteger(L, 2, 0) * 0x9E3779B97F4A7C15ull;
    ups_seed_random(ups_sandbox_of(L), seed);
    return 0;
}

// ---- string.rep: stock loops n times even when the result is empty ----

static int string_rep(lua_State *L) {
    size_t length = 0, separator_length = 0;
    const char *s = luaL_checklstring(L, 1, &length);
    lua_Integer n = luaL_checkinteger(L, 2);
    const char *separator = luaL_optlstring(L, 3, "", &separator_length);
    if (n <= 0 || length + separator_length == 0) {
        lua_pushliteral(L, "");
        return 1;
    }
    size_t unit = length + separator_length;
    if (unit < length || (lua_Unsigned)n > (lua_Unsigned)(((size_t)-1 >> 1) / unit))
        return luaL_error(L, "resulting string too large");
    size_t total = (size_t)n * unit - separator_length;
    ups_charge(L, (int64_t)(total / 64) + n / 16);
    luaL_Buffer buffer;
    char *out = luaL_buffinitsize(L, &buffer, total);  // the allocator enforces the memory cap
    for (lua_Integer i = 0; i < n; i++) {
        memcpy(out, s, length);
        out += length;
        if (separator_length > 0 && i + 1 < n) {
            memcpy(out, separator, separator_length);
            out += separator_length;
        }
    }
    luaL_pushresultsize(&buffer, total);
    return 1;
}

/// Copies the fields of the table at `source` into the table at the top, except `skip`.
static void copy_fields(lua_State *L, int source, const char *const *skip) {
    int target = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, source)) {
        int skipped = 0;
        if (lua_type(L, -2) == LUA_TSTRING)
            for (int i = 0; skip[i]; i++)
                if (strcmp(lua_tostring(L, -2), skip[i]) == 0) skipped = 1;
        if (skipped) { lua_pop(L, 1); continue; }
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, target);
    }
}

void ups_push_math_library(lua_State *L) {
    static const char *const skip[] = {"random", "randomseed", NULL};
    luaL_requiref(L, "math", luaopen_math, 0);
    lua_newtable(L);
    copy_fields(L, lua_gettop(L) - 1, skip);
    lua_remove(L, -2);
    lua_pushcfunction(L, math_random);
    lua_setfield(L, -2, "random");
    lua_pushcfunction(L, math_randomseed);
    lua_setfield(L, -2, "randomseed");
}

void ups_push_string_library(lua_State *L) {
    // dump: bytecode. find/match/gmatch/gsub: stock runs a whole match in one C call no hook
    // interrupts; the sandbox's own matcher (pattern.c) charges every step to the budget.
    static const char *const skip[] = {"dump", "find", "match", "gmatch", "gsub", "rep", NULL};
    static const luaL_Reg bounded[] = {
        {"rep", string_rep}, {"find", ups_str_find}, {"match", ups_str_match},
        {"gmatch", ups_str_gmatch}, {"gsub", ups_str_gsub}, {NULL, NULL},
    };
    luaL_requiref(L, "string", luaopen_string, 0);
    lua_newtable(L);
    copy_fields(L, lua_gettop(L) - 1, skip);
    lua_remove(L, -2);
    luaL_setfuncs(L, bounded, 0);
}
