import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import { HttpProblem } from './problem.ts';
import { validate } from './validate.ts';

export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

/** Who may call a route: anyone, holders of the API key, or holders of the admin key. */
export type RouteAuth = 'none' | 'api' | 'admin';

/**
 * Everything the service knows about one endpoint: it validates requests and generates `/openapi.json`,
 * so the two never disagree.
 */
export interface RouteSpec {
  method: HttpMethod;
  /** Full path in express syntax, e.g. `/v1/items/:id`. */
  path: string;
  summary: string;
  tag: string;
  auth: RouteAuth;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Media types the body may have; JSON by default when `body` is set. Others get 415. */
  consumes?: string[];
  /** Set false when the handler checks the media type itself (then `consumes` only documents it). */
  enforceConsumes?: boolean;
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
}

/** What a handler gets: the parsed parts (typed by the spec's schemas) and the raw express objects. */
export interface RouteInput<S extends RouteSpec> {
  params: S['params'] extends z.ZodType ? z.output<S['params']> : Record<string, never>;
  query: S['query'] extends z.ZodType ? z.output<S['query']> : Record<string, never>;
  body: S['body'] extends z.ZodType ? z.output<S['body']> : undefined;
  req: Request;
  res: Response;
}

/** A handler's answer: status (200 by default) and a JSON body; `undefined` when it wrote the response itself. */
export type RouteReply = { status?: number; body: unknown } | undefined;

/**
 * Collects route specs while registering their handlers on an express router.
 *
 * ```ts
 * const routes = new ApiRoutes(router, '/v1');
 * routes.add({ method: 'get', path: '/v1/items/:id', params: itemIdParams, ... }, async ({ params }) => ({ body: await getItem(db, params.id) }));
 * buildOpenApiDocument(routes.specs);
 * ```
 */
export class ApiRoutes {
  readonly #router: Router;
  readonly #mountPath: string;
  readonly #specs: RouteSpec[] = [];

  readonly #bodyParser: RequestHandler | undefined;

  /** `bodyParser` (e.g. `express.json(...)`) runs before the handlers of routes that declare a `body`, and only those. */
  constructor(router: Router, mountPath = '', bodyParser?: RequestHandler) {
    this.#router = router;
    this.#mountPath = mountPath;
    this.#bodyParser = bodyParser;
  }

  get specs(): readonly RouteSpec[] {
    return this.#specs;
  }

  add<const S extends RouteSpec>(spec: S, handler: (input: RouteInput<S>) => Promise<RouteReply> | RouteReply): void {
    if (!spec.path.startsWith(this.#mountPath)) throw new Error(`${spec.path} is outside ${this.#mountPath}`);
    this.#specs.push(spec);
    const consumes = spec.consumes ?? (spec.body ? ['application/json'] : undefined);
    const handle = async (req: Request, res: Response) => {
      res.locals.route = spec.path;
      if (consumes && spec.enforceConsumes !== false && !consumes.some((type) => req.is(type))) {
        throw new HttpProblem(415, 'unsupported-media-type', `send the body as ${consumes.join(' or ')}`);
      }
      const input = {
        params: spec.params ? validate(spec.params, req.params, 'params') : {},
        query: spec.query ? validate(spec.query, req.query, 'query') : {},
        body: spec.body ? validate(spec.body, req.body, 'body') : undefined,
        req,
        res,
      } as RouteInput<S>;
      const reply = await handler(input);
      if (reply && !res.headersSent) sendJson(res, reply.status ?? 200, reply.body);
    };
    const path = spec.path.slice(this.#mountPath.length) || '/';
    if (spec.body && this.#bodyParser) this.#router[spec.method](path, this.#bodyParser, handle);
    else this.#router[spec.method](path, handle);
  }
}

/** `res.json` without express's per-call work (content-type lookup, ETag, freshness), which no API reply needs. */
function sendJson(res: Response, status: number, body: unknown): void {
  const json = JSON.stringify(body) ?? 'null';
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(json));
  res.end(json);
}
