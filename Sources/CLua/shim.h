// Debian installs Lua 5.4's headers under /usr/include/lua5.4 (pkg-config lua5.4 adds the path).
#include <lua.h>
#include <lualib.h>
#include <lauxlib.h>
