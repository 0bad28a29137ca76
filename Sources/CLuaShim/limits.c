// Memory, instruction budget, deadline and cancellation: the limits every state lives under.
#include "internal.h"
#include <stdlib.h>
#include <string.h>

const char ups_key_frozen_marker = 0;
const char ups_key_breach_messages = 0;
const char ups_key_anchor = 0;
const char ups_key_hidden_libs = 0;
const char ups_key_string_lib = 0;

ups_sandbox *ups_sandbox_of(lua_State *L) {
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return (ups_sandbox *)ud;
}

/// The class of a small block of `size` bytes, or -1 for blocks malloc serves directly.
static inline int small_class(size_t size) {
    return size > 0 && size <= 16 * UPS_SMALL_CLASSES ? (int)((size + 15) / 16) - 1 : -1;
}

/// Row callbacks make and drop many small strings, proxies and tables: a free list per size
/// class gives them back without malloc's bookkeeping (a state lives on one thread).
static void *take_block(ups_sandbox *sb, size_t size) {
    int class = small_class(size);
    if (class < 0) return malloc(size);
    void *block = sb->small_blocks[class];
    if (block == NULL) return malloc(16 * (size_t)(class + 1));
    sb->small_blocks[class] = *(void **)block;
    return block;
}

static void give_block(ups_sandbox *sb, void *block, size_t size) {
    int class = small_class(size);
    if (class < 0) { free(block); return; }
    *(void **)block = sb->small_blocks[class];
    sb->small_blocks[class] = block;
}

/// Resizes a block: in place within one size class, through the free lists across classes,
/// with realloc between large sizes.
static void *resize_block(ups_sandbox *sb, void *ptr, size_t old, size_t nsize) {
    if (ptr == NULL) return take_block(sb, nsize);
    int from = small_class(old), to = small_class(nsize);
    if (from >= 0 && from == to) return ptr;
    if (from < 0 && to < 0) return realloc(ptr, nsize);
    void *block = take_block(sb, nsize);
    if (block == NULL) return nsize <= old ? ptr : NULL;   // Lua counts on shrinking never failing
    memcpy(block, ptr, old < nsize ? old : nsize);
    give_block(sb, ptr, old);
    return block;
}

void ups_release_small_blocks(ups_sandbox *sb) {
    for (int class = 0; class < UPS_SMALL_CLASSES; class++) {
        while (sb->small_blocks[class] != NULL) {
            void *block = sb->small_blocks[class];
            sb->small_blocks[class] = *(void **)block;
            free(block);
        }
    }
}

/// The allocator: refuses growth past the cap and, once the cap was hit, any growth at all, so
/// the memory error cannot be outrun by freeing a little and trying again.
void *ups_allocate(void *ud, void *ptr, size_t osize, size_t nsize) {
    ups_sandbox *sb = (ups_sandbox *)ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        sb->memory_used -= old;
        if (ptr != NULL) give_block(sb, ptr, old);
        return NULL;
    }
    if (nsize > old) {
        size_t grow = nsize - old;
        if (sb->breach == UPS_BREACH_MEMORY || grow > sb->memory_limit - sb->memory_used
            || sb->memory_used > sb->memory_limit) {
            if (sb->breach == UPS_BREACH_NONE) sb->breach = UPS_BREACH_MEMORY;
            return NULL;
        }
    }
    void *block = resize_block(sb, ptr, old, nsize);
    if (block == NULL) return NULL;
    sb->memory_used = sb->memory_used - old + nsize;
    return block;
}

int ups_raise_breach(lua_State *L, ups_breach kind) {
    ups_sandbox *sb = ups_sandbox_of(L);
    if (sb->breach == UPS_BREACH_NONE) sb->breach = kind;
    // The messages were made when the state was created: raising allocates nothing.
    lua_rawgetp(L, LUA_REGISTRYINDEX, &ups_key_breach_messages);
    lua_rawgeti(L, -1, (lua_Integer)sb->breach);
    return lua_error(L);
}

void ups_charge(lua_State *L, int64_t units) {
    ups_sandbox *sb = ups_sandbox_of(L);
    sb->budget_left -= units;
    sb->budget_spent += units;
    if (sb->breach != UPS_BREACH_NONE) ups_raise_breach(L, sb->breach);
    if (sb->budget_left < 0) ups_raise_breach(L, UPS_BREACH_BUDGET);
    sb->clock_countdown -= units;
    if (sb->clock_countdown <= 0) {
        sb->clock_countdown = UPS_CLOCK_STRIDE;
        if (ups_cancel_requested(sb->cancel)) ups_raise_breach(L, UPS_BREACH_CANCELLED);
        if (sb->deadline_ns != 0 && ups_now_ns() > sb->deadline_ns)
            ups_raise_breach(L, UPS_BREACH_DEADLINE);
    }
}

/// The count hook. Lua calls it with hooks disabled, so message handlers that run for an error
/// it raised cannot be interrupted: the sandbox never runs script code in that situation.
void ups_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    ups_charge(L, UPS_HOOK_STRIDE);
}
