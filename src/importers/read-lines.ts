import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import type { ReadProgress } from './read-progress.ts';

/** One line of a text file, without its line ending (LF or CRLF), numbered from 1. */
export interface TextLine {
  readonly text: string;
  readonly number: number;
}

/** How {@link readLines} decodes a file. */
export interface ReadLinesOptions {
  /** `latin1` for GroupLens's `u.*` and `.dat` files and HetRec's `tags.dat`; `utf8` otherwise. */
  encoding?: 'utf8' | 'latin1';
  /** Counts the bytes read from disk. */
  progress?: ReadProgress;
}

/**
 * Streams a text file line by line, gunzipping it when its name ends in `.gz`. Empty lines are skipped (their
 * numbers still count, so line numbers match an editor's).
 *
 * ```ts
 * for await (const line of readLines('ml-100k/u.item', { encoding: 'latin1' })) {
 *   console.log(line.number, line.text.split('|')[1]);
 * }
 * ```
 */
export async function* readLines(file: string, options: ReadLinesOptions = {}): AsyncGenerator<TextLine> {
  const raw = createReadStream(file, { highWaterMark: 256 * 1024 });
  options.progress?.track(raw);
  let decoded: Readable = raw;
  if (file.endsWith('.gz')) {
    const gunzip = createGunzip();
    raw.on('error', (error) => gunzip.destroy(error));
    decoded = raw.pipe(gunzip);
  }
  decoded.setEncoding(options.encoding ?? 'utf8');
  const lines = createInterface({ input: decoded, crlfDelay: Infinity });
  let number = 0;
  try {
    for await (const text of lines) {
      number += 1;
      if (text.length === 0) continue;
      yield { text, number };
    }
  } finally {
    lines.close();
    decoded.destroy();
    raw.destroy();
  }
}
