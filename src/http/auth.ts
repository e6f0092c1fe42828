import { hash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { HttpProblem } from './problem.ts';

function digest(value: string): Buffer {
  return hash('sha256', value, 'buffer');
}

/**
 * Middleware that requires `Authorization: Bearer <one of keys>`: 401 without a bearer token, 403 with a wrong one.
 * Tokens are compared in constant time (over their sha256, so lengths leak nothing either).
 *
 * ```ts
 * router.use('/admin', requireBearer([config.ADMIN_API_KEY]));
 * ```
 */
export function requireBearer(keys: readonly string[]): RequestHandler {
  const expected = keys.map(digest);
  return (req, _res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      next(new HttpProblem(401, 'missing-credentials', 'send an Authorization: Bearer <key> header', { extensions: {} }));
      return;
    }
    const given = digest(match[1]!);
    const ok = expected.reduce((found, key) => timingSafeEqual(key, given) || found, false);
    next(ok ? undefined : new HttpProblem(403, 'invalid-credentials', 'the bearer key is not valid for this route'));
  };
}
