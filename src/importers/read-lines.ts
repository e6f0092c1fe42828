import { createReadStream } from 'node:fs';
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
 * Streams a text file line by line (LF or CRLF endings), gunzipping it when its name ends in `.gz`. Empty lines are skipped (their
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
  let number = 0;
  let rest = '';
  try {
    for await (const chunk of decoded as AsyncIterable<string>) {
      const text = rest + chunk;
      let start = 0;
      let newline = text.indexOf('\n');
      while (newline !== -1) {
        number += 1;
        const end = newline > start && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
        if (end > start) yield { text: text.slice(start, end), number };
        start = newline + 1;
        newline = text.indexOf('\n', start);
      }
      rest = text.slice(start);
    }
    if (rest.length > 0) {
      number += 1;
      const text = rest.endsWith('\r') ? rest.slice(0, -1) : rest;
      if (text.length > 0) yield { text, number };
    }
  } finally {
    decoded.destroy();
    raw.destroy();
  }
}
