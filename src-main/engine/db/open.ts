import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrate';
import { migrations } from './migrations';

export type Db = Database.Database;

export const DB_FILE = 'ml-connector.db';

/**
 * Only this OS user may read the books: the data folder 0700 and the database files 0600, on
 * creation and tightened when found looser (POSIX; on Windows the per-user profile protects them).
 */
function privateTo(user: { dir: string; files: string[] }): void {
  if (process.platform === 'win32') return;
  const tighten = (p: string, mode: number): void => {
    if (existsSync(p) && (statSync(p).mode & 0o777 & ~mode) !== 0) chmodSync(p, mode);
  };
  tighten(user.dir, 0o700);
  for (const f of user.files) tighten(f, 0o600);
}

/** Opens (creating if needed) the engine database in WAL mode and brings its schema up to date. */
export function openDatabase(dataDir: string, file = DB_FILE): Db {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const dbPath = path.join(dataDir, file);
  const files = [dbPath, `${dbPath}-wal`, `${dbPath}-shm`];
  privateTo({ dir: dataDir, files });
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  // NORMAL is durable across process crashes in WAL mode; only an OS crash can lose the last commit.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, migrations);
  // SQLite creates the file (and its WAL) with the process umask: made private once they exist.
  privateTo({ dir: dataDir, files });
  return db;
}
