/**
 * Thrown when a CIFAR-10 binary file is truncated, corrupt or not a CIFAR-10 file at all.
 * The message always names the file.
 *
 * ```ts
 * try { await readCifarFile('data_batch_1.bin.gz'); }
 * catch (error) { if (error instanceof CifarFormatError) console.error(error.file, error.message); }
 * ```
 */
export class CifarFormatError extends Error {
  override readonly name = 'CifarFormatError';
  readonly file: string;

  constructor(file: string, problem: string, options?: { cause?: unknown }) {
    super(`${file}: ${problem}`, options);
    this.file = file;
  }
}
