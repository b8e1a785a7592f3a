#ifndef CSQLITETUNING_H
#define CSQLITETUNING_H

/// Sets how large a statement journal may grow in memory before SQLite moves it to a
/// temporary file (SQLITE_CONFIG_STMTJRNL_SPILL). Must run before SQLite is initialised,
/// i.e. before the process opens its first database. Returns 0 on success (SQLITE_OK).
int chapeau_sqlite_statement_journal_spill(int bytes);

#endif
