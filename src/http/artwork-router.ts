import { createHash } from 'node:crypto';
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Kysely } from 'kysely';
import multer from 'multer';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { ArtworkRow, Database } from '../db/database.ts';
import type { ImageTag, ImageTagger } from '../vision/cnn-tagger.ts';
import { ImageInputError, type ImageInputProblem } from '../vision/image-input-error.ts';
import { DEFAULT_MAX_INPUT_PIXELS, SUPPORTED_IMAGE_FORMATS, preprocessImage, sniffImageFormat } from '../vision/preprocess-image.ts';
import { ApiRoutes } from './api-route.ts';
import { HttpProblem } from './problem.ts';

/** What the artwork routes need. */
export interface ArtworkRouterDeps {
  db: Kysely<Database>;
  tagger: ImageTagger;
  /** Largest accepted upload in bytes (IMAGE_LIMIT_BYTES, default 10 MB): larger gets 413 without being buffered. */
  imageLimitBytes: number;
  logger: Logger;
  /** Largest accepted width x height, checked on the header before decoding; default 40 megapixels. */
  maxInputPixels?: number;
}

const MAX_INT4 = 2_147_483_647;
const tagsQuery = z.object({
  k: z.coerce.number().int().min(1).max(10).default(3).describe('how many labels to return, 1..10'),
});
const artworkParams = z.object({ id: z.coerce.number().int().min(1).max(MAX_INT4) });
const tagView = z.object({ label: z.string(), score: z.number() });
const tagReply = z.object({
  artwork_id: z.number(),
  sha256: z.string(),
  tags: z.array(tagView),
  model: z.object({ id: z.number().nullable() }),
  deduplicated: z.boolean().describe('true when the same bytes were tagged before; the stored tags are returned'),
});
const artworkView = z.object({
  artwork_id: z.number(),
  sha256: z.string(),
  format: z.enum(SUPPORTED_IMAGE_FORMATS),
  width: z.number(),
  height: z.number(),
  bytes: z.number(),
  tags: z.array(tagView),
  model: z.object({ id: z.number().nullable() }),
  created_at: z.string(),
});

const PROBLEM_STATUS: Record<ImageInputProblem, number> = { empty: 400, 'unsupported-format': 415, 'too-many-pixels': 413, corrupt: 422 };
const MEDIA_HINT = 'send multipart/form-data with the file in the field "image", or the bytes as the body with an image/* content type';
/** Multipart framing allowance on top of the file-size limit when refusing by Content-Length alone. */
const MULTIPART_OVERHEAD = 64 * 1024;

function run(middleware: RequestHandler, req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    void middleware(req, res, (error?: unknown) => (error ? reject(error) : resolve()));
  });
}

function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
}

function toView(row: ArtworkRow): z.infer<typeof artworkView> {
  return {
    artwork_id: row.id,
    sha256: row.sha256,
    format: row.format as z.infer<typeof artworkView>['format'],
    width: row.width,
    height: row.height,
    bytes: row.bytes,
    tags: row.tags as ImageTag[],
    model: { id: row.model_id },
    created_at: new Date(row.created_at).toISOString(),
  };
}

/**
 * `POST /v1/artwork/tags` and `GET /v1/artwork/:id` on an {@link ApiRoutes} (what `createApp`'s `features` take).
 *
 * Upload: multipart field `image`, or the raw bytes with an `image/*` content type; PNG, JPEG, WebP or GIF (first
 * frame). Answers `{ artwork_id, sha256, tags: [{ label, score }], model: { id }, deduplicated }` with the top `k`
 * labels. Bytes seen before (same sha256) return the stored artwork without running the model; new ones are
 * decoded, tagged, then stored (all ten scores) with `insert ... on conflict (sha256) do nothing`. Refusals, none of
 * which stores anything: no file or empty body 400, other media or formats 415, over `imageLimitBytes` or over the
 * pixel limit 413, truncated or corrupt 422, `k` outside 1..10 400.
 *
 * ```ts
 * createApp({ ..., features: [(routes) => registerArtworkRoutes(routes, { db, tagger, imageLimitBytes, logger })] });
 * ```
 */
export function registerArtworkRoutes(routes: ApiRoutes, deps: ArtworkRouterDeps): void {
  const { db, tagger, imageLimitBytes, logger } = deps;
  const maxInputPixels = deps.maxInputPixels ?? DEFAULT_MAX_INPUT_PIXELS;
  const multipart = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: imageLimitBytes, files: 1, fields: 16, parts: 24, fieldSize: 64 * 1024 },
  }).single('image');
  const raw = express.raw({ type: 'image/*', limit: imageLimitBytes, inflate: false });

  /** Reads the upload into memory (bounded by the limits), mapping parser errors to problems. */
  async function readUpload(req: Request, res: Response): Promise<Buffer> {
    const declared = Number(req.headers['content-length']);
    if (req.is('multipart/form-data')) {
      if (Number.isFinite(declared) && declared > imageLimitBytes + MULTIPART_OVERHEAD) {
        throw new HttpProblem(413, 'image-too-large', `the upload is ${declared} bytes, over the limit of ${imageLimitBytes} bytes`);
      }
      try {
        await run(multipart, req, res);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'LIMIT_FILE_SIZE') throw new HttpProblem(413, 'image-too-large', `the image is over the limit of ${imageLimitBytes} bytes`);
        if (code === 'LIMIT_UNEXPECTED_FILE') throw new HttpProblem(400, 'missing-image', `one file is accepted, in the field "image"`);
        throw new HttpProblem(400, 'bad-upload', `the multipart body cannot be read: ${(error as Error).message}`);
      }
      const file = req.file;
      if (!file) throw new HttpProblem(400, 'missing-image', 'the multipart body has no file in the field "image"');
      return file.buffer;
    }
    if (req.is('image/*')) {
      try {
        await run(raw, req, res);
      } catch (error) {
        const type = (error as { type?: string }).type;
        if (type === 'entity.too.large') throw new HttpProblem(413, 'image-too-large', `the image is over the limit of ${imageLimitBytes} bytes`);
        if (type === 'encoding.unsupported') throw new HttpProblem(415, 'unsupported-encoding', 'send the image without Content-Encoding');
        throw new HttpProblem(400, 'bad-upload', `the body cannot be read: ${(error as Error).message}`);
      }
      return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    }
    if (!hasBody(req)) throw new HttpProblem(400, 'missing-image', `the request has no image; ${MEDIA_HINT}`);
    throw new HttpProblem(415, 'unsupported-media-type', `${req.headers['content-type'] ?? 'a body without a content type'} is not accepted; ${MEDIA_HINT}`);
  }

  routes.add(
    {
      method: 'post',
      path: '/v1/artwork/tags',
      tag: 'artwork',
      auth: 'api',
      query: tagsQuery,
      consumes: ['multipart/form-data', 'image/*'],
      enforceConsumes: false,
      summary: `Tag an image (multipart field "image", or an image/* body; ${SUPPORTED_IMAGE_FORMATS.join(', ')}) with the CIFAR-10 CNN and store it`,
      responses: {
        200: { description: 'The artwork id and its top k tags; the same bytes always give the same artwork', schema: tagReply },
        400: { description: 'No image, empty body, or k outside 1..10' },
        413: { description: 'Over the byte limit, or over the pixel limit (checked before decoding)' },
        415: { description: 'Not multipart or image/*, or not a PNG, JPEG, WebP or GIF' },
        422: { description: 'Truncated or corrupt image' },
      },
    },
    async ({ query, req, res }) => {
      const bytes = await readUpload(req, res);
      if (bytes.length === 0) throw new HttpProblem(400, 'missing-image', 'the image is empty');
      const format = sniffImageFormat(bytes);
      if (!format) throw new HttpProblem(415, 'unsupported-image-format', `the upload is not a ${SUPPORTED_IMAGE_FORMATS.join(', ')} image`);
      const sha256 = createHash('sha256').update(bytes).digest('hex');

      const stored = await db.selectFrom('artworks').selectAll().where('sha256', '=', sha256).executeTakeFirst();
      if (stored) {
        return { body: { artwork_id: stored.id, sha256, tags: (stored.tags as ImageTag[]).slice(0, query.k), model: { id: stored.model_id }, deduplicated: true } };
      }

      let image;
      try {
        image = await preprocessImage(bytes, { size: tagger.inputSize, maxInputPixels });
      } catch (error) {
        if (!(error instanceof ImageInputError)) throw error;
        throw new HttpProblem(PROBLEM_STATUS[error.problem], `image-${error.problem}`, error.message);
      }
      const tags = await tagger.tag(image.pixels);
      const inserted = await db
        .insertInto('artworks')
        .values({
          sha256,
          format: image.format,
          width: image.width,
          height: image.height,
          bytes: bytes.length,
          tags: JSON.stringify(tags),
          model_id: tagger.modelId,
        })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) {
        logger.debug({ artworkId: inserted.id, format: image.format, bytes: bytes.length, top: tags[0] }, 'artwork tagged');
        return { body: { artwork_id: inserted.id, sha256, tags: tags.slice(0, query.k), model: { id: tagger.modelId }, deduplicated: false } };
      }
      // A concurrent upload of the same bytes won the insert: answer with its row.
      const winner = await db.selectFrom('artworks').selectAll().where('sha256', '=', sha256).executeTakeFirstOrThrow();
      return { body: { artwork_id: winner.id, sha256, tags: (winner.tags as ImageTag[]).slice(0, query.k), model: { id: winner.model_id }, deduplicated: true } };
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/v1/artwork/:id',
      tag: 'artwork',
      auth: 'api',
      params: artworkParams,
      summary: 'A stored artwork: format, size, all ten tags and the model that produced them',
      responses: { 200: { description: 'The artwork', schema: artworkView }, 404: { description: 'No such artwork' } },
    },
    async ({ params }) => {
      const row = await db.selectFrom('artworks').selectAll().where('id', '=', params.id).executeTakeFirst();
      if (!row) throw new HttpProblem(404, 'artwork-not-found', `no artwork with id ${params.id}`);
      return { body: toView(row) };
    },
  );
}

/**
 * The artwork routes on a router of their own, to mount under `/v1` (paths `/artwork/tags`, `/artwork/:id`).
 * Errors are thrown as {@link HttpProblem}s for the app's problem+json error handler.
 *
 * ```ts
 * app.use('/v1', createArtworkRouter({ db, tagger, imageLimitBytes: 10 * 1024 * 1024, logger }));
 * ```
 */
export function createArtworkRouter(deps: ArtworkRouterDeps): Router {
  const router = Router();
  registerArtworkRoutes(new ApiRoutes(router, '/v1'), deps);
  return router;
}
