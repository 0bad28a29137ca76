// Bounded Lua 5.4 pattern matching: string.find, string.match, string.gmatch, string.gsub.
//
// Written from the Lua 5.4 reference manual (§6.4, §6.4.1); observable behaviour (results,
// argument checks, error texts, the depth limit) was checked black-box against stock lua5.4 with
// the corpus in Tests/LuaRuntimeTests/Fixtures/patterns.
//
// The matcher is a backtracking interpreter over the pattern text. It recurses only where a
// pattern item has alternatives to try later (a quantified single-character class, a capture
// boundary), at most UPS_PATTERN_MAXDEPTH levels per match attempt, so the C stack stays bounded.
// Time is bounded by the sandbox budget: every step adds to a local counter that is charged
// through ups_charge in batches. ups_charge and every Lua error longjmp, so all state lives on the
// C stack or in Lua-managed memory (buffers, userdata); nothing is malloc'd.
#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include <lua.h>
#include <lauxlib.h>

#include "ups_pattern.h"
#include "ups_sandbox.h"

// Steps accumulated locally before calling ups_charge: keeps the common short match down to a
// single charge at the end of the call while bounding uncharged work to a few hundred steps.
#define CHARGE_BATCH 256

// Capture lengths with a special meaning.
#define CAP_UNFINISHED (-1) // opened, not yet closed
#define CAP_POSITION (-2)   // a position capture "()"

#define ESC '%'
// Characters that make a find pattern non-plain.
#define SPECIALS "^$*+?.([%-"

typedef struct Capture {
    const char *init;
    ptrdiff_t len; // >= 0, CAP_UNFINISHED or CAP_POSITION
} Capture;

typedef struct Matcher {
    lua_State *L;
    const char *src;     // subject
    const char *src_end; // one past its last byte
    const char *pat_end; // one past the pattern's last byte
    int64_t pending;     // steps not yet charged
    int depth_left;      // nested do_match calls still allowed in this attempt
    int level;           // captures opened so far
    Capture capture[UPS_PATTERN_MAXCAPTURES];
} Matcher;

// ---------------------------------------------------------------------------------------------
// Budget

static void flush(Matcher *m) {
    int64_t n = m->pending;
    if (n > 0) {
        m->pending = 0;
        ups_charge(m->L, n);
    }
}

static inline void tick(Matcher *m) {
    if (++m->pending >= CHARGE_BATCH) flush(m);
}

// Charges bulk byte work (copies, comparisons) at UPS_PATTERN_BYTES_PER_UNIT bytes a unit.
static inline void tick_bytes(Matcher *m, size_t bytes) {
    m->pending += (int64_t)(bytes / UPS_PATTERN_BYTES_PER_UNIT);
    if (m->pending >= CHARGE_BATCH) flush(m);
}

// Charges interpretive byte-by-byte work (parsing or testing a [set]) at
// UPS_PATTERN_SCAN_BYTES_PER_UNIT bytes a unit: it costs about as much per byte as a matcher step
// costs per character, far more than a memcpy.
static inline void tick_scan(Matcher *m, size_t bytes) {
    m->pending += (int64_t)(bytes / UPS_PATTERN_SCAN_BYTES_PER_UNIT);
    if (m->pending >= CHARGE_BATCH) flush(m);
}

static void matcher_init(Matcher *m, lua_State *L, const char *s, size_t ls, const char *p,
                         size_t lp) {
    m->L = L;
    m->src = s;
    m->src_end = s + ls;
    m->pat_end = p + lp;
    m->pending = 0;
    m->depth_left = UPS_PATTERN_MAXDEPTH;
    m->level = 0;
}

// Every match attempt starts afresh: no captures, full depth.
static inline void attempt_reset(Matcher *m) {
    m->level = 0;
    m->depth_left = UPS_PATTERN_MAXDEPTH;
}

// ---------------------------------------------------------------------------------------------
// Single-character classes

// Does byte c belong to class letter cl (%a, %d, ...; upper case complements)? Any other
// character after '%' stands for itself. <ctype.h> in the current (normally "C") locale, as stock.
static int class_matches(int c, int cl) {
    int r;
    switch (tolower(cl)) {
    case 'a': r = isalpha(c); break;
    case 'c': r = iscntrl(c); break;
    case 'd': r = isdigit(c); break;
    case 'g': r = isgraph(c); break;
    case 'l': r = islower(c); break;
    case 'p': r = ispunct(c); break;
    case 's': r = isspace(c); break;
    case 'u': r = isupper(c); break;
    case 'w': r = isalnum(c); break;
    case 'x': r = isxdigit(c); break;
    case 'z': r = (c == 0); break; // not in the 5.4 manual any more, but stock still has it
    default: return cl == c;
    }
    if (isupper(cl)) r = !r;
    return r != 0;
}

// Does byte c belong to the set [...] spanning p (at '[') to ep (just past the closing ']')?
static int set_matches(int c, const char *p, const char *ep) {
    const char *close = ep - 1;
    int found = 1;
    p++; // skip '['
    if (*p == '^') {
        found = 0;
        p++;
    }
    // The first item may be ']' itself; class_end already guaranteed the set is well formed.
    while (p < close) {
        if (*p == ESC) {
            if (class_matches(c, (unsigned char)p[1])) return found;
            p += 2;
        } else if (p[1] == '-' && p + 2 < close) {
            if ((unsigned char)p[0] <= c && c <= (unsigned char)p[2]) return found;
            p += 3;
        } else {
            if ((unsigned char)*p == c) return found;
            p++;
        }
    }
    return !found;
}

// Returns the end of the single-character class starting at p (a literal, '.', %x or a set);
// raises if it is malformed. Errors are raised only when the matcher reaches the item, like stock.
static const char *class_end(Matcher *m, const char *p) {
    const char *end = m->pat_end;
    char c = *p++;
    if (c == ESC) {
        if (p >= end) luaL_error(m->L, "malformed pattern (ends with '%%')");
        return p + 1;
    }
    if (c == '[') {
        const char *open = p - 1;
        if (p < end && *p == '^') p++;
        // The first character is part of the set even if it is ']'.
        do {
            if (p >= end) luaL_error(m->L, "malformed pattern (missing ']')");
            c = *p++;
            if (c == ESC && p < end) p++; // an escaped character never closes the set
        } while (p >= end || *p != ']');
        tick_scan(m, (size_t)(p - open)); // a long set costs in proportion to its length
        return p + 1;
    }
    return p;
}

// Does the subject byte at s match the class [p, ep)? False at the end of the subject.
static inline int single_match(Matcher *m, const char *s, const char *p, const char *ep) {
    if (s >= m->src_end) return 0;
    int c = (unsigned char)*s;
    switch (*p) {
    case '.': return 1;
    case ESC: return class_matches(c, (unsigned char)p[1]);
    case '[':
        tick_scan(m, (size_t)(ep - p)); // scanning a long set is work too
        return set_matches(c, p, ep);
    default: return (unsigned char)*p == c;
    }
}

// ---------------------------------------------------------------------------------------------
// The matcher

static const char *do_match(Matcher *m, const char *s, const char *p);

// Greedy repetition (* and +): take as many as possible, then give back one at a time.
static const char *max_expand(Matcher *m, const char *s, const char *p, const char *ep) {
    ptrdiff_t i = 0;
    while (single_match(m, s + i, p, ep)) {
        i++;
        tick(m);
    }
    for (; i >= 0; i--) {
        const char *r = do_match(m, s + i, ep + 1);
        if (r != NULL) return r;
    }
    return NULL;
}

// Lazy repetition (-): try the rest first, then take one more.
static const char *min_expand(Matcher *m, const char *s, const char *p, const char *ep) {
    for (;;) {
        const char *r = do_match(m, s, ep + 1);
        if (r != NULL) return r;
        if (!single_match(m, s, p, ep)) return NULL;
        s++;
    }
}

static const char *open_capture(Matcher *m, const char *s, const char *p, ptrdiff_t what) {
    if (m->level >= UPS_PATTERN_MAXCAPTURES) luaL_error(m->L, "too many captures");
    m->capture[m->level].init = s;
    m->capture[m->level].len = what;
    m->level++;
    const char *r = do_match(m, s, p);
    if (r == NULL) m->level--; // undo on backtrack
    return r;
}

static const char *close_capture(Matcher *m, const char *s, const char *p) {
    // The innermost capture still open is the one ')' closes.
    int l = m->level - 1;
    while (l >= 0 && m->capture[l].len != CAP_UNFINISHED) l--;
    if (l < 0) luaL_error(m->L, "invalid pattern capture");
    m->capture[l].len = s - m->capture[l].init;
    const char *r = do_match(m, s, p);
    if (r == NULL) m->capture[l].len = CAP_UNFINISHED; // undo on backtrack
    return r;
}

// %bxy at s; p points at x. The scan is charged per byte: it can cover the whole subject.
static const char *match_balance(Matcher *m, const char *s, const char *p) {
    if (m->pat_end - p < 2) luaL_error(m->L, "malformed pattern (missing arguments to '%%b')");
    if (s >= m->src_end || *s != p[0]) return NULL;
    char open = p[0], close = p[1];
    int depth = 1;
    while (++s < m->src_end) {
        tick(m);
        // Test the closer first so that %bxx ends at the next x.
        if (*s == close) {
            if (--depth == 0) return s + 1;
        } else if (*s == open) {
            depth++;
        }
    }
    return NULL;
}

// Back-reference at s; digit is the character after '%' ('0'-'9'; only '1'-'9' are valid).
static const char *match_backref(Matcher *m, const char *s, int digit) {
    int l = digit - '1';
    if (l < 0 || l >= m->level || m->capture[l].len == CAP_UNFINISHED)
        luaL_error(m->L, "invalid capture index %%%d", l + 1);
    ptrdiff_t len = m->capture[l].len;
    // A position capture has no text, so a reference to it never matches (as stock).
    if (len < 0) return NULL;
    if (m->src_end - s < len) return NULL;
    tick_bytes(m, (size_t)len);
    return memcmp(m->capture[l].init, s, (size_t)len) == 0 ? s + len : NULL;
}

// Matches pattern p (to pat_end) at subject position s; returns the end of the match or NULL.
// Items that cannot backtrack advance in the loop; the others recurse, one level each.
static const char *do_match(Matcher *m, const char *s, const char *p) {
    if (m->depth_left-- == 0) luaL_error(m->L, "pattern too complex");
    const char *end = m->pat_end;
    for (;;) {
        tick(m);
        if (p >= end) break;
        switch (*p) {
        case '(':
            if (p + 1 < end && p[1] == ')')
                s = open_capture(m, s, p + 2, CAP_POSITION);
            else
                s = open_capture(m, s, p + 1, CAP_UNFINISHED);
            goto done;
        case ')':
            s = close_capture(m, s, p + 1);
            goto done;
        case '$':
            if (p + 1 == end) { // an anchor only as the last pattern character
                if (s != m->src_end) s = NULL;
                goto done;
            }
            break;
        case ESC:
            if (p + 1 >= end) break; // class_end reports the dangling '%'
            switch (p[1]) {
            case 'b':
                s = match_balance(m, s, p + 2);
                if (s == NULL) goto done;
                p += 4;
                continue;
            case 'f': {
                p += 2;
                if (p >= end || *p != '[') luaL_error(m->L, "missing '[' after '%%f' in pattern");
                const char *ep = class_end(m, p);
                tick_scan(m, 2 * (size_t)(ep - p));
                // The frontier sits between a byte outside the set and one inside it; the
                // subject's ends count as '\0'.
                int prev = (s == m->src) ? 0 : (unsigned char)s[-1];
                int cur = (s < m->src_end) ? (unsigned char)*s : 0;
                if (set_matches(prev, p, ep) || !set_matches(cur, p, ep)) {
                    s = NULL;
                    goto done;
                }
                p = ep;
                continue;
            }
            case '0': case '1': case '2': case '3': case '4':
            case '5': case '6': case '7': case '8': case '9':
                s = match_backref(m, s, p[1]);
                if (s == NULL) goto done;
                p += 2;
                continue;
            default: break;
            }
            break;
        default: break;
        }

        // A single-character class, possibly followed by a quantifier.
        const char *ep = class_end(m, p);
        char q = (ep < end) ? *ep : '\0';
        if (!single_match(m, s, p, ep)) {
            if (q == '*' || q == '?' || q == '-') { // zero repetitions are fine
                p = ep + 1;
                continue;
            }
            s = NULL;
            goto done;
        }
        switch (q) {
        case '?': {
            const char *r = do_match(m, s + 1, ep + 1);
            if (r != NULL) {
                s = r;
                goto done;
            }
            p = ep + 1;
            continue;
        }
        case '+': s = max_expand(m, s + 1, p, ep); goto done;
        case '*': s = max_expand(m, s, p, ep); goto done;
        case '-': s = min_expand(m, s, p, ep); goto done;
        default:
            s++;
            p = ep;
            continue;
        }
    }
done:
    m->depth_left++;
    return s;
}

// ---------------------------------------------------------------------------------------------
// Results

// Pushes capture i of a match [s, e). With no captures, capture 0 is the whole match.
static void push_capture(Matcher *m, int i, const char *s, const char *e) {
    if (i >= m->level) {
        if (i != 0) luaL_error(m->L, "invalid capture index %%%d", i + 1);
        lua_pushlstring(m->L, s, (size_t)(e - s));
        return;
    }
    ptrdiff_t len = m->capture[i].len;
    if (len == CAP_UNFINISHED) luaL_error(m->L, "unfinished capture");
    if (len == CAP_POSITION)
        lua_pushinteger(m->L, (lua_Integer)(m->capture[i].init - m->src) + 1);
    else
        lua_pushlstring(m->L, m->capture[i].init, (size_t)len);
}

// Pushes all captures (or the whole match when there are none and whole is set); returns count.
static int push_captures(Matcher *m, const char *s, const char *e, int whole) {
    int n = (m->level == 0 && whole) ? 1 : m->level;
    luaL_checkstack(m->L, n, "too many captures");
    for (int i = 0; i < n; i++) push_capture(m, i, s, e);
    return n;
}

// 1-based start position from a possibly negative init (5.4: 0 and below -len mean 1).
static size_t start_index(lua_Integer pos, size_t len) {
    if (pos > 0) return (size_t)pos;
    if (pos == 0) return 1;
    if (pos < -(lua_Integer)len) return 1;
    return len + (size_t)pos + 1;
}

static int has_specials(const char *p, size_t lp) {
    for (size_t i = 0; i < lp; i++)
        if (memchr(SPECIALS, p[i], sizeof SPECIALS - 1) != NULL) return 1;
    return 0;
}

// Plain substring search from s + from; charges each candidate position.
static const char *plain_find(Matcher *m, const char *s, size_t ls, size_t from, const char *p,
                              size_t lp) {
    if (lp == 0) return s + from;
    if (lp > ls - from) return NULL;
    const char *cur = s + from;
    const char *last = s + (ls - lp); // last possible start
    while (cur <= last) {
        const char *hit = (const char *)memchr(cur, p[0], (size_t)(last - cur) + 1);
        if (hit == NULL) {
            tick_bytes(m, (size_t)(last - cur));
            return NULL;
        }
        tick_bytes(m, (size_t)(hit - cur) + lp);
        tick(m);
        if (memcmp(hit + 1, p + 1, lp - 1) == 0) return hit;
        cur = hit + 1;
    }
    return NULL;
}

// ---------------------------------------------------------------------------------------------
// find and match

static int find_or_match(lua_State *L, int find) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t init = start_index(luaL_optinteger(L, 3, 1), ls);
    if (init > ls + 1) { // starts past the end: nothing can match
        luaL_pushfail(L);
        return 1;
    }
    Matcher m;
    matcher_init(&m, L, s, ls, p, lp);
    tick_bytes(&m, lp); // the pattern is scanned at least once
    if (find && (lua_toboolean(L, 4) || !has_specials(p, lp))) {
        const char *hit = plain_find(&m, s, ls, init - 1, p, lp);
        flush(&m);
        if (hit != NULL) {
            lua_pushinteger(L, (lua_Integer)(hit - s) + 1);
            lua_pushinteger(L, (lua_Integer)(hit - s + (ptrdiff_t)lp));
            return 2;
        }
        luaL_pushfail(L);
        return 1;
    }
    int anchor = (lp > 0 && *p == '^');
    if (anchor) p++;
    const char *s1 = s + init - 1;
    do {
        attempt_reset(&m);
        const char *e = do_match(&m, s1, p);
        if (e != NULL) {
            int n;
            if (find) {
                lua_pushinteger(L, (lua_Integer)(s1 - s) + 1);
                lua_pushinteger(L, (lua_Integer)(e - s));
                n = 2 + push_captures(&m, NULL, NULL, 0);
            } else {
                n = push_captures(&m, s1, e, 1);
            }
            flush(&m);
            return n;
        }
    } while (s1++ < m.src_end && !anchor);
    flush(&m);
    luaL_pushfail(L);
    return 1;
}

int ups_str_find(lua_State *L) { return find_or_match(L, 1); }

int ups_str_match(lua_State *L) { return find_or_match(L, 0); }

// ---------------------------------------------------------------------------------------------
// gmatch

// Iterator state, a full userdata upvalue (Lua-managed, so an error never leaks it). Offsets,
// not pointers: the subject string is an upvalue too and stays put, but offsets are clearer.
typedef struct GmatchState {
    size_t pos;       // where the next attempt starts
    size_t lastmatch; // end of the previous match, valid when has_last
    int has_last;
} GmatchState;

static int gmatch_step(lua_State *L) {
    size_t ls, lp;
    const char *s = lua_tolstring(L, lua_upvalueindex(1), &ls);
    const char *p = lua_tolstring(L, lua_upvalueindex(2), &lp);
    GmatchState *st = (GmatchState *)lua_touserdata(L, lua_upvalueindex(3));
    Matcher m;
    matcher_init(&m, L, s, ls, p, lp);
    // No anchor here: a leading '^' is an ordinary character in gmatch (as stock 5.4).
    for (size_t pos = st->pos; pos <= ls; pos++) {
        attempt_reset(&m);
        const char *e = do_match(&m, s + pos, p);
        // An empty match right where the previous match ended does not count (5.4).
        if (e != NULL && !(st->has_last && (size_t)(e - s) == st->lastmatch)) {
            st->pos = st->lastmatch = (size_t)(e - s);
            st->has_last = 1;
            int n = push_captures(&m, s + pos, e, 1);
            flush(&m);
            return n;
        }
    }
    st->pos = ls + 1; // exhausted: later calls return nothing at once
    flush(&m);
    return 0;
}

int ups_str_gmatch(lua_State *L) {
    size_t ls;
    luaL_checklstring(L, 1, &ls);
    luaL_checkstring(L, 2);
    size_t init = start_index(luaL_optinteger(L, 3, 1), ls) - 1;
    if (init > ls) init = ls + 1; // past the end: the iterator yields nothing
    lua_settop(L, 2);
    GmatchState *st = (GmatchState *)lua_newuserdatauv(L, sizeof *st, 0);
    st->pos = init;
    st->lastmatch = 0;
    st->has_last = 0;
    lua_pushcclosure(L, gmatch_step, 3);
    return 1;
}

// ---------------------------------------------------------------------------------------------
// gsub

static void add_bytes(Matcher *m, luaL_Buffer *b, const char *s, size_t len) {
    tick_bytes(m, len);
    luaL_addlstring(b, s, len);
}

// Appends the replacement string (argument 3) for match [s, e), expanding %0-%9 and %%.
static void add_template(Matcher *m, luaL_Buffer *b, const char *s, const char *e) {
    lua_State *L = m->L;
    size_t l;
    const char *r = lua_tolstring(L, 3, &l);
    const char *r_end = r + l;
    const char *esc;
    while ((esc = (const char *)memchr(r, ESC, (size_t)(r_end - r))) != NULL) {
        add_bytes(m, b, r, (size_t)(esc - r));
        // Lua strings end with '\0', so esc[1] is readable even when '%' is last.
        int c = (unsigned char)esc[1];
        if (c == ESC) {
            luaL_addchar(b, ESC);
        } else if (c == '0') {
            add_bytes(m, b, s, (size_t)(e - s));
        } else if (isdigit(c)) {
            push_capture(m, c - '1', s, e);
            tick_bytes(m, lua_rawlen(L, -1));
            luaL_addvalue(b); // converts a position capture to its decimal text
        } else {
            luaL_error(L, "invalid use of '%c' in replacement string", ESC);
        }
        r = esc + 2;
    }
    add_bytes(m, b, r, (size_t)(r_end - r));
}

// Appends the replacement for match [s, e); returns whether it differs from the match text.
static int add_replacement(Matcher *m, luaL_Buffer *b, const char *s, const char *e, int tr) {
    lua_State *L = m->L;
    if (tr == LUA_TFUNCTION) {
        lua_pushvalue(L, 3);
        int n = push_captures(m, s, e, 1);
        lua_call(L, n, 1);
    } else if (tr == LUA_TTABLE) {
        push_capture(m, 0, s, e);
        lua_gettable(L, 3);
    } else {
        add_template(m, b, s, e);
        return 1;
    }
    if (!lua_toboolean(L, -1)) { // false or nil keeps the original text
        lua_pop(L, 1);
        add_bytes(m, b, s, (size_t)(e - s));
        return 0;
    }
    if (!lua_isstring(L, -1))
        return luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    tick_bytes(m, lua_rawlen(L, -1));
    luaL_addvalue(b);
    return 1;
}

int ups_str_gsub(lua_State *L) {
    size_t ls, lp;
    const char *src = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    int tr = lua_type(L, 3);
    lua_Integer max_n = luaL_optinteger(L, 4, (lua_Integer)ls + 1);
    luaL_argexpected(L, tr == LUA_TNUMBER || tr == LUA_TSTRING || tr == LUA_TFUNCTION ||
                            tr == LUA_TTABLE,
                     3, "string/function/table");
    Matcher m;
    matcher_init(&m, L, src, ls, p, lp);
    int anchor = (lp > 0 && *p == '^');
    if (anchor) p++;
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    const char *s = src;
    const char *lastmatch = NULL;
    const char *copied = src; // subject bytes before this are already in the buffer
    lua_Integer n = 0;
    int changed = 0;
    while (n < max_n) {
        attempt_reset(&m);
        const char *e = do_match(&m, s, p);
        if (e != NULL && e != lastmatch) { // an empty match at the last end does not count
            n++;
            add_bytes(&m, &b, copied, (size_t)(s - copied));
            changed |= add_replacement(&m, &b, s, e, tr);
            s = lastmatch = copied = e;
        } else if (s < m.src_end) {
            s++; // keep the byte; copied in bulk later
        } else {
            break;
        }
        if (anchor) break;
    }
    if (!changed) {
        lua_pushvalue(L, 1); // the subject itself (already converted to a string)
    } else {
        add_bytes(&m, &b, copied, (size_t)(m.src_end - copied));
        luaL_pushresult(&b);
    }
    flush(&m);
    lua_pushinteger(L, n);
    return 2;
}
