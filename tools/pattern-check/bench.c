// Micro-benchmark: stock Lua 5.4 string.find/match/gmatch/gsub against Upstream's bounded ones
// (Sources/CLuaShim/pattern.c) on patterns typical of billing policies. Each case runs as a Lua
// loop calling the function through a local, so both sides pay the same call overhead; the
// figure is the best of 15 alternating runs, in nanoseconds per call (the loop itself included).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

#include "ups_pattern.h"
#include "ups_sandbox.h"

// Stub of the sandbox's ups_charge: a counter in the state's extra space (no global state).
void ups_charge(lua_State *L, int64_t units) {
    int64_t *left = *(int64_t **)lua_getextraspace(L);
    *left -= units;
    if (*left < 0) luaL_error(L, "budget exhausted");
}

typedef struct Case {
    const char *name;
    const char *fn; // which of the four
    const char *body; // loop body; f is the function under test
} Case;

static const Case cases[] = {
    {"anchored code", "match", "f('99213', '^99%d%d%d$')"},
    {"member id", "match", "f('A12345678', '^[A-Z]%d%d%d%d%d%d%d%d$')"},
    {"member id (miss)", "match", "f('A1234567X', '^[A-Z]%d%d%d%d%d%d%d%d$')"},
    {"modifier check", "match", "f('25', '^[%dA-Z][%dA-Z]$')"},
    {"modifier in list", "find", "f('99213-25-59', '%-59')"},
    {"modifier plain", "find", "f('25,59,GT', '59', 1, true)"},
    {"gsub '%-' clean", "gsub", "f('123-45-6789', '%-', '')"},
    {"gsub no change", "gsub", "f('123456789', '%-', '')"},
    {"find ';' plain", "find", "f('J45.909;E11.9;I10', ';', 1, true)"},
    {"gmatch ; list", "gmatch", "for x in f('J45.909;E11.9;I10;Z79.4', '[^;]+') do end"},
    {"trim", "match", "f('  Z79.4  ', '^%s*(.-)%s*$')"},
    {"capture pair", "match", "f('key=value', '^(%w+)=(%w+)$')"},
};

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

// Loads the loop `body` as a function of (f, n); leaves it on the stack.
static void load_loop(lua_State *L, const char *body) {
    char src[512];
    snprintf(src, sizeof src, "local f, n = ...\nfor _ = 1, n do %s end", body);
    if (luaL_loadstring(L, src) != LUA_OK) {
        fprintf(stderr, "%s\n", lua_tostring(L, -1));
        exit(1);
    }
}

// Runs the loop on top of the stack once with f bound to fn; returns ns per iteration.
static double run_once(lua_State *L, lua_CFunction fn, int iters) {
    lua_pushvalue(L, -1);
    lua_pushcfunction(L, fn);
    lua_pushinteger(L, iters);
    double t0 = now_ns();
    if (lua_pcall(L, 2, 0, 0) != LUA_OK) {
        fprintf(stderr, "%s\n", lua_tostring(L, -1));
        exit(1);
    }
    return (now_ns() - t0) / iters;
}

// Best-of-REPS for stock and ours, alternating so that load from other processes hits both.
#define REPS 15
static void measure(lua_State *L, const char *body, lua_CFunction a, lua_CFunction b, int iters,
                    double *best_a, double *best_b) {
    load_loop(L, body);
    *best_a = *best_b = 1e30;
    for (int rep = 0; rep < REPS; rep++) {
        double ta = run_once(L, a, iters);
        double tb = run_once(L, b, iters);
        if (ta < *best_a) *best_a = ta;
        if (tb < *best_b) *best_b = tb;
    }
    lua_pop(L, 1);
}

static lua_CFunction stock_fn(lua_State *L, const char *name) {
    lua_getglobal(L, "string");
    lua_getfield(L, -1, name);
    lua_CFunction f = lua_tocfunction(L, -1);
    lua_pop(L, 2);
    return f;
}

static lua_CFunction ours_fn(const char *name) {
    switch (name[0] == 'g' ? name[1] : name[0]) {
    case 'f': return ups_str_find;
    case 'm': return name[0] == 'g' ? ups_str_gmatch : ups_str_match;
    case 's': return ups_str_gsub;
    default: return NULL;
    }
}

// bench [iterations]              : the timing table
// bench --one <case> <stock|ours> <n>: runs one case n times (for bench.sh --instructions)
int main(int argc, char **argv) {
    int64_t budget = INT64_MAX;
    lua_State *L = luaL_newstate();
    *(int64_t **)lua_getextraspace(L) = &budget;
    luaL_openlibs(L);
    size_t ncases = sizeof cases / sizeof cases[0];
    if (argc == 5 && strcmp(argv[1], "--one") == 0) {
        int i = atoi(argv[2]);
        if (i < -1 || i >= (int)ncases) return 2;
        const char *body = i < 0 ? "" : cases[i].body;
        const char *fn = i < 0 ? "find" : cases[i].fn;
        load_loop(L, body);
        run_once(L, strcmp(argv[3], "ours") == 0 ? ours_fn(fn) : stock_fn(L, fn), atoi(argv[4]));
        printf("%s\n", i < 0 ? "(empty loop)" : cases[i].name);
        lua_close(L);
        return 0;
    }
    int iters = argc > 1 ? atoi(argv[1]) : 200000;
    printf("%-20s %10s %10s %7s\n", "case", "stock ns", "ours ns", "ratio");
    double worst = 0;
    for (size_t i = 0; i < ncases; i++) {
        const Case *c = &cases[i];
        double s, o;
        measure(L, c->body, stock_fn(L, c->fn), ours_fn(c->fn), iters, &s, &o);
        double r = o / s;
        if (r > worst) worst = r;
        printf("%-20s %10.1f %10.1f %7.2f\n", c->name, s, o, r);
    }
    double empty, unused;
    measure(L, "", ups_str_find, ups_str_find, iters, &empty, &unused);
    printf("(empty loop: %.1f ns/iteration; worst ratio %.2f)\n", empty, worst);
    lua_close(L);
    return 0;
}
