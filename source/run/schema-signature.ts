// Catalog queries whose capture is a schema signature: triggers (with enabled state),
// constraints, indexes and columns, each keyed by its first column so a comparison names
// what changed ("1 row missing: audit_events_immutable").
//
// PostgreSQL (15+): the schema is bound as the only parameter, $1 (pass 'public' for the
// usual case) — never pasted into the text. Internal triggers (foreign-key plumbing) are
// left out: they follow from the constraints, which are listed.
// SQLite: the main database, over sqlite_master and the pragma table functions.
// Trigger and index names repeat across tables only rarely; when they do the comparison
// widens the key with the table_name column that follows.

export const SCHEMA_SIGNATURE_SQL: { postgres: string[]; sqlite: string[] } = {
  postgres: [
    `SELECT t.tgname AS trigger_name, c.relname AS table_name, t.tgenabled AS enabled,
       pg_get_triggerdef(t.oid) AS definition
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND NOT t.tgisinternal
ORDER BY t.tgname, c.relname`,
    `SELECT con.conname AS constraint_name, c.relname AS table_name, con.contype AS constraint_type,
       pg_get_constraintdef(con.oid) AS definition
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1
ORDER BY con.conname, c.relname`,
    `SELECT indexname AS index_name, tablename AS table_name, indexdef AS definition
FROM pg_indexes
WHERE schemaname = $1
ORDER BY indexname, tablename`,
    `SELECT c.relname || '.' || a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS data_type,
       a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS column_default
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY c.relname, a.attnum`,
  ],
  sqlite: [
    `SELECT name AS trigger_name, tbl_name AS table_name, sql AS definition
FROM sqlite_master WHERE type = 'trigger'
ORDER BY name, tbl_name`,
    // SQLite keeps CHECK / UNIQUE / PRIMARY KEY in the table text: the table definition stands for them.
    `SELECT name AS table_name, sql AS definition
FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
ORDER BY name`,
    `SELECT m.name || '.' || f."from" || ' -> ' || f."table" || '.' || coalesce(f."to", '') AS foreign_key,
       f.on_update AS on_update, f.on_delete AS on_delete
FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
ORDER BY m.name, f.id, f.seq`,
    `SELECT name AS index_name, tbl_name AS table_name, sql AS definition
FROM sqlite_master WHERE type = 'index'
ORDER BY name, tbl_name`,
    `SELECT m.name || '.' || p.name AS column_name, p.type AS data_type, p."notnull" AS not_null,
       p.dflt_value AS column_default, p.pk AS primary_key
FROM sqlite_master m JOIN pragma_table_info(m.name) p
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
ORDER BY m.name, p.cid`,
  ],
};
