#ifndef CSQLITETUNING_H
#define CSQLITETUNING_H

/// SQLite settings that only its variadic C calls reach (`sqlite3_config`), which Swift cannot
/// call; each is a plain function here. Why each is set: Store/ConnectionTuning.swift.

/// Turns off SQLite's memory statistics (SQLITE_CONFIG_MEMSTATUS): while on, every allocation
/// and free SQLite makes takes a global mutex to count it. Only before SQLite is initialized:
/// call it before the first connection opens. Returns SQLite's result code (SQLITE_MISUSE
/// once SQLite is initialized).
int dm_sqlite_disable_memory_statistics(void);

#endif
