import type { ReadStream } from 'node:fs';

/**
 * Counts how far an import has read its files: bytes of the files on disk (compressed bytes for `.gz`), against
 * their total size, and data rows parsed. Sources create one; the runner and progress bars read it.
 *
 * ```ts
 * const progress = new ReadProgress(totalBytes);
 * for await (const line of readLines(file, { progress })) progress.rowsRead += 1;
 * progress.fraction; // 0..1
 * ```
 */
export class ReadProgress {
  readonly #streams: ReadStream[] = [];
  /** Data rows parsed so far (items, events and auxiliary rows such as tags; headers not counted). */
  rowsRead = 0;

  constructor(readonly totalBytes: number) {}

  /** Registers a file stream whose `bytesRead` counts towards {@link bytesRead}. */
  track(stream: ReadStream): void {
    this.#streams.push(stream);
  }

  get bytesRead(): number {
    let sum = 0;
    for (const stream of this.#streams) sum += stream.bytesRead;
    return sum;
  }

  /** Share of the bytes read, 0..1 (1 when there is nothing to read). */
  get fraction(): number {
    return this.totalBytes === 0 ? 1 : Math.min(1, this.bytesRead / this.totalBytes);
  }
}
