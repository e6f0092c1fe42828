/**
 * Raised when an import cannot start: the directory is missing, or holds no layout the importer knows.
 *
 * ```ts
 * throw new ImportSourceError('no such directory: ./data/ml-100k');
 * ```
 */
export class ImportSourceError extends Error {
  override readonly name = 'ImportSourceError';
}
