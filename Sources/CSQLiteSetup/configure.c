// sqlite3_config takes variable arguments, which Swift cannot call: this is the one
// place Docket calls it.
#include <sqlite3.h>
#include "CSQLiteSetup.h"

int docket_sqlite_configure(void) {
    // Every connection is used by one thread at a time (GRDB serializes access to it),
    // so SQLite need not lock a mutex on each call into a connection...
    int threads = sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    // ...nor a global one on each allocation to keep memory statistics nobody reads.
    int statistics = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return threads == SQLITE_OK && statistics == SQLITE_OK ? 0 : 1;
}
