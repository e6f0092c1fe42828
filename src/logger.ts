import { pino, type Logger } from 'pino';

/**
 * Creates the process logger (JSON lines on stdout; pretty when stdout is a terminal).
 *
 * ```ts
 * const logger = createLogger('info');
 * logger.info({ port: 8080 }, 'listening');
 * ```
 */
export function createLogger(level: string, name = 'streamrec'): Logger {
  const pretty = process.stdout.isTTY && process.env.NODE_ENV !== 'production';
  return pino({
    name,
    level,
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' } } } : {}),
  });
}

export type { Logger };
