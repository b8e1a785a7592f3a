#include <sqlite3.h>
#include "csqlitetuning.h"

// sqlite3_config is variadic: Swift cannot call it directly.
int chapeau_sqlite_statement_journal_spill(int bytes) {
    return sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, bytes);
}
