import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { io } from '@tensorflow/tfjs';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { packModelFiles } from '../ml/pack-model-files.ts';
import { sha256Hex } from '../ml/sha256-hex.ts';

/** The shipped model's files as the `models` table stores them. */
export interface ShippedCnnArtifact {
  /** `packModelFiles({ modelJson, weights })`: the same container the recommender artifacts use. */
  readonly artifact: Uint8Array;
  readonly sha256: string;
  /** Parsed `meta.json`, `{}` when the directory has none. */
  readonly meta: Record<string, unknown>;
}

/**
 * Reads `model.json`, its weight files and `meta.json` from `dir` and packs them into one artifact.
 *
 * ```ts
 * const { sha256 } = await readShippedCnn('models/cifar10');
 * ```
 */
export async function readShippedCnn(dir: string): Promise<ShippedCnnArtifact> {
  const modelJson = await readFile(join(dir, 'model.json'), 'utf8');
  const paths = ((JSON.parse(modelJson) as io.ModelJSON).weightsManifest ?? []).flatMap((group) => group.paths);
  const weights = Buffer.concat(await Promise.all(paths.map((path) => readFile(join(dir, path)))));
  const artifact = packModelFiles({ modelJson, weights });
  const metaPath = join(dir, 'meta.json');
  const meta = existsSync(metaPath) ? (JSON.parse(await readFile(metaPath, 'utf8')) as Record<string, unknown>) : {};
  return { artifact, sha256: sha256Hex(artifact), meta };
}

/**
 * Makes sure the CNN shipped in `dir` is a row of the `models` table (kind `cnn`, domain `image`) and returns its id.
 * Looked up by the artifact's sha256; when absent it is inserted as the active image model, retiring any other active
 * one, in one transaction. Safe when several processes start at once: a loser of the one-active race re-reads the
 * winner's row.
 *
 * ```ts
 * const modelId = await registerShippedCnn(db, 'models/cifar10');
 * const tagger = await loadCnnTagger('models/cifar10', { modelId });
 * ```
 */
export async function registerShippedCnn(db: Kysely<Database>, dir: string): Promise<number> {
  const { artifact, sha256, meta } = await readShippedCnn(dir);
  const find = async (): Promise<number | undefined> =>
    (
      await db
        .selectFrom('models')
        .select('id')
        .where('kind', '=', 'cnn')
        .where('domain', '=', 'image')
        .where('sha256', '=', sha256)
        .orderBy('id')
        .executeTakeFirst()
    )?.id;
  const existing = await find();
  if (existing !== undefined) return existing;
  const metrics: Record<string, unknown> = {};
  for (const key of ['test_accuracy', 'test_accuracy_float32', 'test_images']) if (key in meta) metrics[key] = meta[key];
  const params: Record<string, unknown> = {};
  for (const key of ['arch', 'epochs', 'batch_size', 'augmentation', 'seed', 'optimizer', 'weights_dtype', 'backend']) if (key in meta) params[key] = meta[key];
  try {
    return await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('models')
        .set({ status: 'retired' })
        .where('kind', '=', 'cnn')
        .where('domain', '=', 'image')
        .where('status', '=', 'active')
        .execute();
      const row = await trx
        .insertInto('models')
        .values({
          kind: 'cnn',
          domain: 'image',
          status: 'active',
          metrics: JSON.stringify(metrics),
          params: JSON.stringify(params),
          meta: JSON.stringify({ ...meta, source: dir }),
          artifact,
          sha256,
          size_bytes: artifact.byteLength,
          trained_from: null,
          reason: 'shipped CIFAR-10 model',
          activated_at: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    });
  } catch (error) {
    const again = await find();
    if (again !== undefined) return again;
    throw error;
  }
}
