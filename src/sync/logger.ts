// The engine logs through this interface; the extension backs it with a
// LogOutputChannel, the CLI with stderr, tests with a memory buffer.
export interface Logger {
  trace(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string | Error, ...args: unknown[]): void;
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

const order: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };

export const nullLogger: Logger = {
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
};

function format(message: string | Error, args: unknown[]): string {
  const head = message instanceof Error ? message.stack ?? message.message : message;
  if (args.length === 0) return head;
  return `${head} ${args.map((a) => (typeof a === 'string' ? a : safeJson(a))).join(' ')}`;
}

function safeJson(value: unknown): string {
  if (value instanceof Error) return value.message;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** A logger writing `[level] message` lines to a sink (stderr for the CLI). */
export function createLineLogger(write: (line: string) => void, minLevel: LogLevel = 'info'): Logger {
  const emit = (level: LogLevel) => (message: string | Error, ...args: unknown[]) => {
    if (order[level] >= order[minLevel]) write(`[${level}] ${format(message, args)}`);
  };
  return { trace: emit('trace'), debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** Adds a `[component]` prefix, so a log line says where it came from. */
export function scoped(logger: Logger, component: string): Logger {
  const p = `[${component}]`;
  return {
    trace: (m, ...a) => logger.trace(`${p} ${m}`, ...a),
    debug: (m, ...a) => logger.debug(`${p} ${m}`, ...a),
    info: (m, ...a) => logger.info(`${p} ${m}`, ...a),
    warn: (m, ...a) => logger.warn(`${p} ${m}`, ...a),
    error: (m, ...a) => logger.error(m instanceof Error ? m : `${p} ${m}`, ...a),
  };
}

/** Collects lines in memory; for tests. */
export class MemoryLogger implements Logger {
  readonly lines: string[] = [];
  private readonly inner = createLineLogger((l) => this.lines.push(l), 'trace');
  trace = this.inner.trace;
  debug = this.inner.debug;
  info = this.inner.info;
  warn = this.inner.warn;
  error = this.inner.error;
}
