import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Level, Logger } from 'pino';

declare module 'node:http' {
  interface IncomingMessage {
    /** Request id: the caller's `x-request-id` (up to 128 characters) or a fresh UUID; echoed in the response. */
    id?: string;
  }
}

/** Log level of a finished request: errors and 5xx `error`, 4xx `info`, the rest `debug`. */
function levelOf(status: number): Level {
  return status >= 500 ? 'error' : status >= 400 ? 'info' : 'debug';
}

/**
 * Gives every request an id (`req.id`, `x-request-id` response header) and logs one line when its response is
 * finished: id, method, URL, status and milliseconds, no headers (they carry the bearer keys). A line whose level is
 * disabled costs nothing, so successful requests are free at the default `info` level. Written for the hot path:
 * pino-http's per-request child logger and serializers took about a quarter of a bare route's throughput here.
 *
 * ```ts
 * app.use(requestLog(logger));
 * ```
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const given = req.headers['x-request-id'];
    const id = (typeof given === 'string' && given.slice(0, 128)) || randomUUID();
    req.id = id;
    res.setHeader('x-request-id', id);
    const started = performance.now();
    res.on('finish', () => {
      const level = levelOf(res.statusCode);
      if (!logger.isLevelEnabled(level)) return;
      const ms = Math.round((performance.now() - started) * 10) / 10;
      logger[level]({ reqId: id, method: req.method, url: req.originalUrl, status: res.statusCode, ms }, 'request completed');
    });
    next();
  };
}
