// Opens the relay's SQLite database in WAL mode and applies the numbered schema files in relay/sql
// that it has not applied yet, all in one transaction, so a failed migration leaves the old schema.
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Db = Database.Database;

export const SQL_DIR = fileURLToPath(new URL('../../sql', import.meta.url));

export function openDatabase(file: string, sqlDir: string = SQL_DIR): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, sqlDir);
  return db;
}

export function migrate(db: Db, sqlDir: string): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL) STRICT');
  const applied = new Set(
    db
      .prepare<[], { name: string }>('SELECT name FROM schema_migrations')
      .all()
      .map((r) => r.name),
  );
  const files = readdirSync(sqlDir)
    .filter((f) => /^\d{2,}-[\w-]+\.sql$/.test(f))
    .sort();
  const record = db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)');
  db.transaction(() => {
    for (const file of files) {
      if (applied.has(file)) continue;
      db.exec(readFileSync(join(sqlDir, file), 'utf8'));
      record.run(file, Date.now());
    }
  })();
}
