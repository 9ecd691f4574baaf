-- Nothing to do on SQLite: every reader sees another process's commit through PRAGMA
-- data_version before it serves a cached answer (store/sqlite_database.cpp). The file keeps the
-- two dialects' migration numbers in step.
SELECT 1;
