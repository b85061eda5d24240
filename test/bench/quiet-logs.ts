/**
 * Imported first by run.ts, before anything loads LanceDB: its native logger reads LANCEDB_LOG once, at
 * load, and at its default level a search that selects columns without `_distance` prints a deprecation
 * warning per query, thousands of lines in a benchmark. Child processes inherit the setting.
 */
process.env['LANCEDB_LOG'] ??= 'error';
