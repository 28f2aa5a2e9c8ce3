#ifndef CSQLITESETUP_H
#define CSQLITESETUP_H

/// Configures the SQLite library for Docket's use, before the process opens its first
/// connection; returns 0 when SQLite took the configuration (it refuses once a
/// connection has been opened, and nothing changes).
int docket_sqlite_configure(void);

#endif
