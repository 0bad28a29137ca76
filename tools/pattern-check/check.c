// Standalone conformance and boundedness check for Upstream's pattern matcher
// (Sources/CLuaShim/pattern.c), without SwiftPM: a plain lua_State whose string.find/match/
// gmatch/gsub are replaced by ours, and a counting stub of ups_charge.
//
//   check <fixtures-dir> <fuzz.lua> [time-limit-ms]
//   check --threads <fixtures-dir>
//
// 1. runs run.lua over cases.lua and diffs the output with expected.txt (recorded with stock);
// 2. runs pathological patterns with a 10-million-unit budget, each of which must end in the
//    budget error within the time limit (CPU time of the thread);
// 3. runs fuzz.lua, a differential test of ours against stock on random patterns.
// With --threads it instead runs the corpus on several states and threads at once (run.sh builds
// that under ThreadSanitizer).
// Prints one line per failure and a final "N passed, M failed"; exits 1 on any failure.
#include <pthread.h>
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

#define BUDGET_ERROR "budget exhausted"

// The stub budget lives in the state's extra space, so the stub has no global state either.
typedef struct Budget {
    int64_t left;
    int64_t spent;
    int64_t calls;
} Budget;

static Budget *budget_of(lua_State *L) { return *(Budget **)lua_getextraspace(L); }

// Stub of the sandbox's ups_charge: counts, and raises once the budget runs out.
void ups_charge(lua_State *L, int64_t units) {
    Budget *b = budget_of(L);
    if (units <= 0) {
        fprintf(stderr, "ups_charge called with %lld units\n", (long long)units);
        abort();
    }
    b->spent += units;
    b->left -= units;
    b->calls++;
    if (b->left < 0) luaL_error(L, BUDGET_ERROR);
}

static int passed, failed;

static void fail(const char *fmt, const char *a, const char *b) {
    failed++;
    printf("FAIL ");
    printf(fmt, a, b);
    printf("\n");
}

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

// CPU time of this thread: the time limits must not fail because other processes load the box.
static double cpu_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        free(buf);
        return NULL;
    }
    fclose(f);
    buf[n] = '\0';
    *len = (size_t)n;
    return buf;
}

// string.find etc. become ours; the stock ones stay reachable as stock.find etc. for the fuzzer.
static void install(lua_State *L) {
    static const luaL_Reg ours[] = {{"find", ups_str_find},
                                    {"match", ups_str_match},
                                    {"gmatch", ups_str_gmatch},
                                    {"gsub", ups_str_gsub},
                                    {NULL, NULL}};
    lua_getglobal(L, "string");
    lua_newtable(L);
    for (const luaL_Reg *r = ours; r->name != NULL; r++) {
        lua_getfield(L, -2, r->name);
        lua_setfield(L, -2, r->name);
    }
    lua_setglobal(L, "stock");
    luaL_setfuncs(L, ours, 0);
    lua_pop(L, 1);
}

// Runs run.lua over cases.lua in L; leaves the output string on the stack and returns NULL, or
// returns an error message (on the stack too).
static const char *run_corpus(lua_State *L, const char *dir) {
    char path[4096];
    snprintf(path, sizeof path, "%s/run.lua", dir);
    if (luaL_dofile(L, path) != LUA_OK) return lua_tostring(L, -1);
    snprintf(path, sizeof path, "%s/cases.lua", dir);
    if (luaL_dofile(L, path) != LUA_OK) return lua_tostring(L, -1);
    budget_of(L)->left = INT64_MAX / 2;
    if (lua_pcall(L, 1, 1, 0) != LUA_OK) return lua_tostring(L, -1);
    if (!lua_isstring(L, -1)) return "run.lua returned no string";
    return NULL;
}

static char *read_expected(const char *dir, size_t *len) {
    char path[4096];
    snprintf(path, sizeof path, "%s/expected.txt", dir);
    char *expected = slurp(path, len);
    if (expected == NULL) fail("cannot read %s%s", path, "");
    return expected;
}

// Compares the corpus output with expected.txt line by line; one check per line.
static void corpus(lua_State *L, const char *dir) {
    size_t elen;
    char *expected = read_expected(dir, &elen);
    if (expected == NULL) return;
    double t0 = now_ms();
    const char *err = run_corpus(L, dir);
    if (err != NULL) {
        fail("running the corpus: %s%s", err, "");
        lua_pop(L, 1);
        free(expected);
        return;
    }
    printf("corpus ran in %.0f ms, %lld units charged\n", now_ms() - t0,
           (long long)budget_of(L)->spent);
    size_t alen;
    const char *actual = lua_tolstring(L, -1, &alen);
    const char *a = actual, *e = expected;
    const char *a_end = actual + alen, *e_end = expected + elen;
    int shown = 0;
    while (a < a_end || e < e_end) {
        const char *an = memchr(a, '\n', (size_t)(a_end - a));
        const char *en = memchr(e, '\n', (size_t)(e_end - e));
        if (an == NULL) an = a_end;
        if (en == NULL) en = e_end;
        if ((an - a) == (en - e) && memcmp(a, e, (size_t)(an - a)) == 0) {
            passed++;
        } else {
            failed++;
            if (shown++ < 20)
                printf("FAIL corpus\n  expected: %.*s\n  actual:   %.*s\n", (int)(en - e), e,
                       (int)(an - a), a);
        }
        a = an < a_end ? an + 1 : a_end;
        e = en < e_end ? en + 1 : e_end;
    }
    lua_pop(L, 1);
    free(expected);
}

// The corpus on several threads at once, one lua_State (and one stub budget) per thread: the
// matcher keeps no global state, so every thread must reproduce expected.txt exactly.
#define THREADS 4
typedef struct ThreadRun {
    pthread_t thread;
    const char *dir;
    const char *expected;
    size_t expected_len;
    int ok;
} ThreadRun;

static void *thread_main(void *arg) {
    ThreadRun *run = arg;
    Budget budget = {INT64_MAX / 2, 0, 0};
    lua_State *L = luaL_newstate();
    *(Budget **)lua_getextraspace(L) = &budget;
    luaL_openlibs(L);
    install(L);
    size_t len = 0;
    const char *out = run_corpus(L, run->dir) == NULL ? lua_tolstring(L, -1, &len) : NULL;
    run->ok = out != NULL && len == run->expected_len && memcmp(out, run->expected, len) == 0;
    lua_close(L);
    return NULL;
}

static void threads(const char *dir) {
    size_t elen;
    char *expected = read_expected(dir, &elen);
    if (expected == NULL) return;
    ThreadRun runs[THREADS];
    int started[THREADS];
    for (int i = 0; i < THREADS; i++) {
        runs[i] = (ThreadRun){.dir = dir, .expected = expected, .expected_len = elen, .ok = 0};
        started[i] = pthread_create(&runs[i].thread, NULL, thread_main, &runs[i]) == 0;
        if (!started[i]) fail("pthread_create%s%s", "", "");
    }
    for (int i = 0; i < THREADS; i++) {
        if (!started[i]) continue;
        pthread_join(runs[i].thread, NULL);
        if (runs[i].ok) {
            passed++;
        } else {
            fail("threads: a thread's corpus output differs from expected.txt%s%s", "", "");
        }
    }
    printf("threads: %d states on %d threads ran the corpus\n", THREADS, THREADS);
    free(expected);
}

// Chunks that must end in the budget error.
static const char *const pathological[] = {
    "return ('a'):rep(55):find(('.-'):rep(6)..'b')",
    "return ('a'):rep(10000):find(('.-'):rep(6)..'b')",
    "return ('a'):rep(10000):match(('.-'):rep(3)..'b')",
    "return ('a'):rep(10000):find(('.*'):rep(10)..'b')",
    "return ('a'):rep(10000):find(('.*'):rep(2)..'b')",
    "return ('a'):rep(10000):match(('a*'):rep(20)..'b')",
    "return ('a'):rep(10000):match(('a?'):rep(150)..('a'):rep(150)..'b')",
    "return ('a'):rep(100000):find('(a*)%1%1b')",
    "return ('a'):rep(100000):find('(a-)(a-)%2%1b')",
    "for x in ('a'):rep(10000):gmatch(('.-'):rep(4)..'b') do end",
    "return ('a'):rep(10000):gsub(('.-'):rep(4)..'b', 'x')",
    "return ('a'):rep(2000):gsub('a', function(c)\n"
    "  return (('a'):rep(40):find(('.-'):rep(5)..'b')) end)",
    "return ('a'):rep(200):gsub('.-', function(c)\n"
    "  return (('x'):rep(5000):gsub('x*y', '')) end)",
    "return ('('):rep(1000000):find('%b()')",
    "return ('(('):rep(500000):gsub('%b()', '')",
    "return ('{'):rep(100000):match('%b{}x')",
    "return ('a'):rep(1000000):find(('a'):rep(5000)..'b', 1, true)",
    "return ('ab'):rep(500000):find(('ab'):rep(2000)..'c')",
    "return ('a'):rep(100000):find('['..('b'):rep(100000)..']*c')",
    "return ('a'):rep(100000):find('%f['..('b'):rep(100000)..']')",
    "return ('a'):rep(1000000):find('%f[b]')", // cheap but long: 1M steps, under budget
};

static void bounded(lua_State *L, double limit_ms) {
    size_t n = sizeof pathological / sizeof pathological[0];
    for (size_t i = 0; i < n; i++) {
        const char *chunk = pathological[i];
        int expect_ok = (strstr(chunk, "%f[b]") != NULL);
        Budget *b = budget_of(L);
        b->left = 10 * 1000 * 1000;
        b->spent = 0;
        b->calls = 0;
        double t0 = now_ms(), c0 = cpu_ms();
        int status = luaL_loadstring(L, chunk);
        if (status == LUA_OK) status = lua_pcall(L, 0, 0, 0);
        double wall = now_ms() - t0, ms = cpu_ms() - c0;
        const char *msg = status == LUA_OK ? "(no error)" : lua_tostring(L, -1);
        char what[512];
        snprintf(what, sizeof what, "%.*s", (int)strcspn(chunk, "\n"), chunk);
        int ok = expect_ok ? status == LUA_OK
                           : (status != LUA_OK && msg != NULL && strstr(msg, BUDGET_ERROR) != NULL);
        if (!ok) {
            fail("bounded: %s -> %s", what, msg ? msg : "(non-string error)");
        } else if (ms > limit_ms) {
            char t[64];
            snprintf(t, sizeof t, "%.0f ms of CPU", ms);
            fail("bounded: %s took %s", what, t);
        } else {
            passed++;
            printf("ok   %6.1f ms cpu %6.1f ms wall %9lld units %6lld charges  %s\n", ms, wall,
                   (long long)b->spent, (long long)b->calls, what);
        }
        if (status != LUA_OK) lua_pop(L, 1);
    }
}

static void fuzz(lua_State *L, const char *path) {
    budget_of(L)->left = INT64_MAX / 2;
    if (luaL_dofile(L, path) != LUA_OK) {
        fail("fuzz.lua: %s%s", lua_tostring(L, -1), "");
        return;
    }
    int ok = (int)lua_tointeger(L, -2), bad = (int)lua_tointeger(L, -1);
    printf("fuzz: %d agree, %d differ\n", ok, bad);
    passed += ok;
    failed += bad;
    lua_pop(L, 2);
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "--threads") == 0) {
        threads(argv[2]);
        printf("%d passed, %d failed\n", passed, failed);
        return failed == 0 ? 0 : 1;
    }
    if (argc < 3) {
        fprintf(stderr, "usage: %s <fixtures-dir> <fuzz.lua> [time-limit-ms]\n", argv[0]);
        return 2;
    }
    double limit_ms = argc > 3 ? atof(argv[3]) : 1000;
    Budget budget = {INT64_MAX / 2, 0, 0};
    lua_State *L = luaL_newstate();
    *(Budget **)lua_getextraspace(L) = &budget;
    luaL_openlibs(L);
    install(L);
    corpus(L, argv[1]);
    bounded(L, limit_ms);
    fuzz(L, argv[2]);
    lua_close(L);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
