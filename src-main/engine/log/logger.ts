export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LogSink {
  write(line: string): void;
}

/** Field names whose values never reach a log line. */
const SECRET_KEYS = /pass(word)?|secret|token|api[-_]?key|authorization|ticket|strPassword/i;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEYS.test(k) ? '[redacted]' : redact(v, depth + 1);
  }
  return out;
}

interface LoggerState {
  level: LogLevel;
  sinks: LogSink[];
}

const state: LoggerState = {
  level: (process.env.MLC_LOG_LEVEL as LogLevel | undefined) ?? 'info',
  sinks: [{ write: (line) => process.stderr.write(line + '\n') }],
};

export function configureLogging(opts: { level?: LogLevel; sinks?: LogSink[] }): void {
  if (opts.level) state.level = opts.level;
  if (opts.sinks) state.sinks = opts.sinks;
}

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** A named logger per module: one JSON object per line, secrets redacted. */
export function createLogger(name: string): Logger {
  const emit = (level: LogLevel, msg: string, fields?: Record<string, unknown>): void => {
    if (ORDER[level] < ORDER[state.level]) return;
    const line = JSON.stringify({
      t: new Date().toISOString(),
      level,
      logger: name,
      msg,
      ...(fields ? (redact(fields) as Record<string, unknown>) : {}),
    });
    for (const s of state.sinks) s.write(line);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}
