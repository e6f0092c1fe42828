import { z } from 'zod';
import type { RouteSpec } from './api-route.ts';

type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function parameters(schema: z.ZodType | undefined, location: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const objectSchema = toSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(objectSchema.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (objectSchema.required ?? []).includes(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

const problemSchema: JsonSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
  },
};

/**
 * Builds the OpenAPI 3.1 document from the same specs (and zod schemas) that validate requests.
 *
 * ```ts
 * app.get('/openapi.json', (_req, res) => res.json(buildOpenApiDocument(routes.specs)));
 * ```
 */
export function buildOpenApiDocument(specs: readonly RouteSpec[], info = { title: 'streamrec', version: '0.1.0' }): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const spec of specs) {
    const path = spec.path.replace(/:([A-Za-z_]+)/g, '{$1}');
    const consumes = spec.consumes ?? (spec.body ? ['application/json'] : []);
    const responses: Record<string, JsonSchema> = {};
    for (const [status, response] of Object.entries(spec.responses)) {
      const contentType = response.contentType ?? (Number(status) >= 400 ? 'application/problem+json' : 'application/json');
      const schema = response.schema ? toSchema(response.schema, 'output') : Number(status) >= 400 ? { $ref: '#/components/schemas/Problem' } : undefined;
      responses[status] = { description: response.description, ...(schema ? { content: { [contentType]: { schema } } } : {}) };
    }
    if (spec.auth !== 'none') {
      responses['401'] ??= { description: 'No bearer key', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
      responses['403'] ??= { description: 'Wrong bearer key', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
    }
    (paths[path] ??= {})[spec.method] = {
      summary: spec.summary,
      tags: [spec.tag],
      ...(spec.auth === 'none' ? { security: [] } : { security: [{ [spec.auth === 'admin' ? 'adminKey' : 'apiKey']: [] }] }),
      parameters: [...parameters(spec.params, 'path'), ...parameters(spec.query, 'query')],
      ...(consumes.length > 0
        ? {
            requestBody: {
              required: true,
              content: Object.fromEntries(consumes.map((type) => [type, { schema: spec.body && type === 'application/json' ? toSchema(spec.body, 'input') : { type: 'string', format: 'binary' } }])),
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      schemas: { Problem: problemSchema },
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'API_KEY' },
        adminKey: { type: 'http', scheme: 'bearer', description: 'ADMIN_API_KEY' },
      },
    },
  };
}
