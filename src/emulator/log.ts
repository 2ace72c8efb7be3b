// The emulator logs through the engine's Logger interface (type only: it shares
// no code with the engine), with its own tiny implementations.
import type { Logger } from '../sync/logger';

export type { Logger };

const noop = () => {};
export const silentLogger: Logger = { trace: noop, debug: noop, info: noop, warn: noop, error: noop };

/** Prefixes every line with `[emulator]`. */
export function prefixed(logger: Logger, prefix: string): Logger {
  const p = `[${prefix}]`;
  return {
    trace: (m, ...a) => logger.trace(`${p} ${m}`, ...a),
    debug: (m, ...a) => logger.debug(`${p} ${m}`, ...a),
    info: (m, ...a) => logger.info(`${p} ${m}`, ...a),
    warn: (m, ...a) => logger.warn(`${p} ${m}`, ...a),
    error: (m, ...a) => logger.error(m instanceof Error ? m : `${p} ${m}`, ...a),
  };
}

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;

/** `[level] message` lines to a sink, from `minLevel` up. */
export function lineLogger(write: (line: string) => void, minLevel: (typeof LEVELS)[number]): Logger {
  const min = LEVELS.indexOf(minLevel);
  const at = (level: (typeof LEVELS)[number]) => (message: string | Error, ...args: unknown[]) => {
    if (LEVELS.indexOf(level) < min) return;
    const head = message instanceof Error ? (message.stack ?? message.message) : message;
    const tail = args.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' ');
    write(`[${level}] ${head}${tail ? ` ${tail}` : ''}`);
  };
  return { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
