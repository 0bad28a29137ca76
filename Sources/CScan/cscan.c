// CScan is header-only (static inline functions in include/cscan.h); this file gives SwiftPM
// a source to build the target from.
#include "cscan.h"
