/**
 * Raised when a data file has a line the importer cannot read; the message is one line naming `file:line`.
 *
 * ```ts
 * throw new ImportFormatError('ml-100k/u.data', 17, 'expected 4 tab-separated fields, got 3');
 * // message: "ml-100k/u.data:17: expected 4 tab-separated fields, got 3"
 * ```
 */
export class ImportFormatError extends Error {
  override readonly name = 'ImportFormatError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
  }
}
