import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import type { LogSink } from '../engine/log/logger';

export interface RotatingLogOptions {
  /** Rotate when the current file would grow past this. Default 5 MB. */
  maxBytes?: number;
  /** Rotated files kept: `name.1` (newest) … `name.<keep>` (oldest). Default 5. */
  keep?: number;
}

/**
 * A size-rotated log file for the engine logger (lines arrive already redacted):
 * `ml-connector.log` → `ml-connector.log.1` → … → `ml-connector.log.5`, then dropped. Never throws:
 * a failing disk must not take the app down, so write errors fall back to stderr.
 */
export class RotatingLogFile implements LogSink {
  private fd: number | null = null;
  private size = 0;
  /** Size at which to try rotating next (pushed back when rotation fails, e.g. a locked file). */
  private rotateAt: number;
  private readonly maxBytes: number;
  private readonly keep: number;

  constructor(
    readonly file: string,
    opts: RotatingLogOptions = {},
  ) {
    this.maxBytes = opts.maxBytes ?? 5 * 1024 * 1024;
    this.keep = opts.keep ?? 5;
    this.rotateAt = this.maxBytes;
    mkdirSync(path.dirname(file), { recursive: true });
  }

  write(line: string): void {
    const buf = Buffer.from(line + '\n', 'utf8');
    try {
      if (this.fd === null) this.open();
      if (this.size > 0 && this.size + buf.length > this.rotateAt) {
        try {
          this.rotate();
          this.rotateAt = this.maxBytes;
        } catch (err) {
          // Keep appending to the current file; try again after another tenth of the limit.
          this.rotateAt = this.size + Math.ceil(this.maxBytes / 10);
          process.stderr.write(`log rotation of ${this.file} failed: ${(err as Error).message}\n`);
        }
        if (this.fd === null) this.open();
      }
      writeSync(this.fd!, buf);
      this.size += buf.length;
    } catch (err) {
      this.closeQuietly();
      process.stderr.write(`log file ${this.file}: ${(err as Error).message}\n${line}\n`);
    }
  }

  close(): void {
    this.closeQuietly();
  }

  private open(): void {
    this.fd = openSync(this.file, 'a', 0o600);
    this.size = fstatSync(this.fd).size;
  }

  /** Closes first: Windows cannot rename a file that is still open. */
  private rotate(): void {
    this.closeQuietly();
    const name = (n: number): string => `${this.file}.${n}`;
    rmSync(name(this.keep), { force: true });
    for (let n = this.keep - 1; n >= 1; n--) {
      if (existsSync(name(n))) renameSync(name(n), name(n + 1));
    }
    if (existsSync(this.file)) renameSync(this.file, name(1));
    this.size = 0;
  }

  private closeQuietly(): void {
    if (this.fd === null) return;
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    this.fd = null;
  }
}
