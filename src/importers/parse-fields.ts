import { ImportFormatError } from './import-format-error.ts';

const DIGITS = /^\d{1,15}$/;

/**
 * Reads a non-negative integer field (ids, timestamps, counts) or throws an {@link ImportFormatError} naming it.
 *
 * ```ts
 * parseIntegerField('196', 'u.data', 1, 'user id'); // 196
 * ```
 */
export function parseIntegerField(value: string | undefined, file: string, line: number, name: string): number {
  const trimmed = value?.trim() ?? '';
  if (!DIGITS.test(trimmed)) throw new ImportFormatError(file, line, `${name} must be a non-negative integer, got ${JSON.stringify(value ?? '')}`);
  return Number(trimmed);
}

/** Reads a finite decimal field (ratings) or throws an {@link ImportFormatError} naming it. */
export function parseNumberField(value: string | undefined, file: string, line: number, name: string): number {
  const trimmed = value?.trim() ?? '';
  const number = trimmed === '' ? Number.NaN : Number(trimmed);
  if (!Number.isFinite(number)) throw new ImportFormatError(file, line, `${name} must be a number, got ${JSON.stringify(value ?? '')}`);
  return number;
}

/** Cuts a title to the catalog's limit (512 characters), keeping whole UTF-16 surrogate pairs. */
export function capTitle(title: string, max = 512): string {
  if (title.length <= max) return title;
  const cut = title.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}
