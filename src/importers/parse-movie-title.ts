/** A MovieLens title split into the title proper and its release year. */
export interface MovieTitle {
  readonly title: string;
  readonly year: number | undefined;
}

const TITLE_WITH_YEAR = /^(.*?)\s*\((\d{4})(?:\s*[-–]\s*(?:\d{4})?)?\s*\)\s*$/;

/**
 * Splits the trailing `(1995)` (or a range such as `(2006-2008)`, taking its first year) off a MovieLens title.
 * Titles without a year, or that would be empty without it, come back whole.
 *
 * ```ts
 * parseMovieTitle('American President, The (1995)'); // { title: 'American President, The', year: 1995 }
 * parseMovieTitle('unknown'); // { title: 'unknown', year: undefined }
 * ```
 */
export function parseMovieTitle(raw: string): MovieTitle {
  const trimmed = raw.trim();
  const match = TITLE_WITH_YEAR.exec(trimmed);
  if (!match || match[1]!.length === 0) return { title: trimmed, year: undefined };
  return { title: match[1]!, year: Number(match[2]) };
}
