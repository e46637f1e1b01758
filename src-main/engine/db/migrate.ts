import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

const checksum = (m: Migration): string => createHash('sha256').update(m.sql).digest('hex');

/**
 * Applies pending migrations, each in its own transaction. Refuses a database that has diverged
 * from this build (an applied migration edited since, or one this build does not know): running
 * on it could corrupt the books, so the user is told to update the app or restore a backup.
 */
export function migrate(db: Database.Database, all: readonly Migration[]): { applied: number[] } {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const rows = db.prepare('SELECT id, name, checksum FROM schema_migrations ORDER BY id').all() as {
    id: number;
    name: string;
    checksum: string;
  }[];
  const known = new Map(all.map((m) => [m.id, m]));
  for (const row of rows) {
    const m = known.get(row.id);
    if (!m) {
      throw new MigrationError(
        `The database was written by a newer version of ml-connector (migration ${row.id} "${row.name}" is unknown to this version). Update the app, or restore a backup.`,
      );
    }
    if (checksum(m) !== row.checksum) {
      throw new MigrationError(
        `The database has diverged from this version: migration ${row.id} "${row.name}" differs from the one applied. Restore a backup or contact support.`,
      );
    }
  }
  const done = new Set(rows.map((r) => r.id));
  const applied: number[] = [];
  const insert = db.prepare(
    'INSERT INTO schema_migrations (id, name, checksum, applied_at) VALUES (?, ?, ?, ?)',
  );
  for (const m of [...all].sort((a, b) => a.id - b.id)) {
    if (done.has(m.id)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      insert.run(m.id, m.name, checksum(m), new Date().toISOString());
    })();
    applied.push(m.id);
  }
  return { applied };
}
