/**
 * A row written by {@link saveCandidate}.
 *
 * ```ts
 * const { id, sha256, sizeBytes } = await saveCandidate(db, trained, meta);
 * ```
 */
export interface SavedModel {
  readonly id: number;
  readonly sha256: string;
  readonly sizeBytes: number;
}
