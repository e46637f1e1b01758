import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { createLogger } from '../engine/log/logger';

const log = createLogger('desktop');

/** Reads a small JSON file through a zod schema; a missing or damaged file gives the defaults. */
export function readJsonFile<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  let raw: unknown = {};
  if (existsSync(file)) {
    try {
      raw = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    } catch (err) {
      log.warn('unreadable JSON file; using defaults', { file, err: (err as Error).message });
    }
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  log.warn('invalid JSON file; using defaults', { file, issues: parsed.error.issues.length });
  return schema.parse({});
}

/** Write-then-rename, so a crash or power cut mid-write never leaves half a file. */
export function writeJsonFile(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
}

/** Desktop-only settings (`desktop-settings.json` in userData); the engine's own live in its database. */
export const DesktopSettingsSchema = z.object({
  /** The engine's port. MLC_PORT wins over it; default 8085 (the .qwc file QBWC uses points at it). */
  port: z.number().int().min(1).max(65535).optional(),
  /** Start (minimized to the tray) when the user signs in to Windows. */
  startAtLogin: z.boolean().default(true),
  /** Desktop notifications for new flagged orders and a silent Web Connector. */
  notifications: z.boolean().default(true),
  /** The "still running in the tray" hint is shown once. */
  trayHintShown: z.boolean().default(false),
});
export type DesktopSettings = z.output<typeof DesktopSettingsSchema>;

export class DesktopSettingsFile {
  private value: DesktopSettings;

  constructor(readonly file: string) {
    this.value = readJsonFile(file, DesktopSettingsSchema);
  }

  get(): DesktopSettings {
    return { ...this.value };
  }

  update(patch: Partial<DesktopSettings>): DesktopSettings {
    this.value = { ...this.value, ...patch };
    try {
      writeJsonFile(this.file, this.value);
    } catch (err) {
      log.error('saving desktop settings failed', { file: this.file, err: (err as Error).message });
    }
    return this.get();
  }
}

export const WindowStateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400).max(10_000).default(1280),
  height: z.number().int().min(300).max(10_000).default(860),
  maximized: z.boolean().default(false),
});
export type WindowState = z.output<typeof WindowStateSchema>;
