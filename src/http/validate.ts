import type { z } from 'zod';
import { HttpProblem, type ProblemFieldError } from './problem.ts';

/** Which part of a request a schema validates; it prefixes every error path. */
export type RequestPart = 'body' | 'query' | 'params';

/**
 * Parses one request part with a zod schema, or throws a 400 problem listing every failing field.
 *
 * ```ts
 * const query = validate(listItemsQuery, req.query, 'query');
 * ```
 */
export function validate<S extends z.ZodType>(schema: S, value: unknown, part: RequestPart): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const errors: ProblemFieldError[] = parsed.error.issues.map((issue) => ({
    path: [part, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw new HttpProblem(400, 'validation-failed', `the request ${part} is invalid (${errors.length} error${errors.length === 1 ? '' : 's'})`, { errors });
}
