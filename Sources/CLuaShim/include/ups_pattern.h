// Upstream's bounded replacement for Lua 5.4's string.find, string.match, string.gmatch and
// string.gsub.
//
// Stock Lua runs a whole pattern match inside one C call that no instruction hook can interrupt,
// so a pathological pattern hangs the host. These functions implement the same pattern language
// and the same observable behaviour (results, argument checks, error messages) as Lua 5.4's
// reference manual, §6.4 and §6.4.1, but charge every step of matching work to the sandbox budget
// through ups_charge (see ups_sandbox.h), which raises the sandbox's final error once the budget,
// deadline or cancellation trips. The matcher recurses at most UPS_PATTERN_MAXDEPTH levels (the
// same limit as stock, "pattern too complex") and allocates nothing outside Lua, so an error
// raised anywhere leaks nothing. No global mutable state: safe with one lua_State per thread.
#ifndef UPS_PATTERN_H
#define UPS_PATTERN_H

typedef struct lua_State lua_State;

/// Nested matcher calls allowed per match attempt (stock's limit, observable through
/// "pattern too complex").
#define UPS_PATTERN_MAXDEPTH 200
/// Captures allowed in one pattern (stock's LUA_MAXCAPTURES, observable through
/// "too many captures").
#define UPS_PATTERN_MAXCAPTURES 32

/// Cost model, in budget units: one unit per matcher step (a match attempt at a subject
/// position, a backtracking step, a character tested by a quantifier, a %b scan step); bulk byte
/// work (gsub copying, back-reference and plain-search comparisons) costs one unit per
/// UPS_PATTERN_BYTES_PER_UNIT bytes; parsing or testing a [set] one unit per
/// UPS_PATTERN_SCAN_BYTES_PER_UNIT bytes of the set. 10 million units take roughly 20-100 ms.
#define UPS_PATTERN_BYTES_PER_UNIT 16
#define UPS_PATTERN_SCAN_BYTES_PER_UNIT 4

/// string.find (s, pattern [, init [, plain]])
int ups_str_find(lua_State *L);
/// string.match (s, pattern [, init])
int ups_str_match(lua_State *L);
/// string.gmatch (s, pattern [, init])
int ups_str_gmatch(lua_State *L);
/// string.gsub (s, pattern, repl [, n])
int ups_str_gsub(lua_State *L);

#endif
