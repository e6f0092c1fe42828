import { createHash } from 'node:crypto';

/**
 * Lower-case hex SHA-256 of `bytes`, as stored next to a model artifact and
 * checked before a hot swap.
 *
 * @example
 * ```ts
 * const artifact = await modelToBytes(model)
 * await db.insertInto('models').values({ artifact, sha256: sha256Hex(artifact), ... }).execute()
 * ```
 */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
