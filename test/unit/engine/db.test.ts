import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../../src-main/engine/db/audit';
import { migrate, MigrationError, type Migration } from '../../../src-main/engine/db/migrate';
import { openDatabase } from '../../../src-main/engine/db/open';
import { migrations } from '../../../src-main/engine/db/migrations';
import { SettingsStore } from '../../../src-main/engine/db/settings';

const tmp = (): string => mkdtempSync(path.join(tmpdir(), 'mlc-db-'));

describe('database', () => {
  it('opens in WAL mode with the schema applied, and reopening applies nothing twice', () => {
    const dir = tmp();
    const db = openDatabase(dir);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type='table'`).all() as {
      name: string;
    }[];
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'settings',
        'qbwc_sessions',
        'outbox',
        'qb_customers',
        'qb_items',
        'audit_log',
      ]),
    );
    db.close();
    const again = openDatabase(dir);
    expect((again.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(
      migrations.length,
    );
    again.close();
  });

  it('refuses a database from a newer version and one whose migration was edited', () => {
    const db = new Database(':memory:');
    const m1: Migration = { id: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER);' };
    const m2: Migration = { id: 2, name: 'two', sql: 'CREATE TABLE b (x INTEGER);' };
    expect(migrate(db, [m1, m2]).applied).toEqual([1, 2]);
    expect(() => migrate(db, [m1])).toThrow(MigrationError);
    expect(() => migrate(db, [m1])).toThrow(/newer version/);
    expect(() => migrate(db, [{ ...m1, sql: 'CREATE TABLE a (y TEXT);' }, m2])).toThrow(/diverged/);
    expect(migrate(db, [m1, m2]).applied).toEqual([]);
  });

  it('rolls back a failing migration entirely', () => {
    const db = new Database(':memory:');
    const bad: Migration = {
      id: 1,
      name: 'bad',
      sql: 'CREATE TABLE a (x INTEGER); CREATE TABLE a (y INTEGER);',
    };
    expect(() => migrate(db, [bad])).toThrow();
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'a'`).get()).toEqual({ n: 0 });
  });

  it('keeps the audit trail append-only', () => {
    const db = openDatabase(tmp());
    const audit = new AuditLog(db);
    const id = audit.record({
      level: 'info',
      category: 'system',
      event: 'x',
      message: 'hello',
      orderNumber: 'A1',
    });
    expect(() => db.prepare('UPDATE audit_log SET message = ? WHERE id = ?').run('changed', id)).toThrow(
      /append-only/,
    );
    expect(() => db.prepare('DELETE FROM audit_log WHERE id = ?').run(id)).toThrow(/append-only/);
    const { entries, total } = audit.list({ orderNumber: 'A1' });
    expect(total).toBe(1);
    expect(entries[0]).toMatchObject({ message: 'hello', orderNumber: 'A1', level: 'info' });
    db.close();
  });

  it('stores settings as JSON and creates stable values once', () => {
    const db = openDatabase(tmp());
    const s = new SettingsStore(db);
    s.set('a', { b: [1, 2] });
    expect(s.get('a')).toEqual({ b: [1, 2] });
    const first = s.getOrCreate('guid', () => 'one');
    const second = s.getOrCreate('guid', () => 'two');
    expect([first, second]).toEqual(['one', 'one']);
    db.close();
  });
});
