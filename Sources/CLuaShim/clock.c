#include "ups_sandbox.h"
#include <time.h>

int64_t ups_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void ups_cancel_request(ups_cancel *token) { __atomic_store_n(&token->flag, 1, __ATOMIC_RELEASE); }

int ups_cancel_requested(const ups_cancel *token) {
    return token != NULL && __atomic_load_n(&token->flag, __ATOMIC_ACQUIRE) != 0;
}
