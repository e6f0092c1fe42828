import { describe, expect, it } from 'vitest';
import { parseMovieTitle } from '../../../src/importers/parse-movie-title.ts';
import { capTitle } from '../../../src/importers/parse-fields.ts';
import { splitCsvLine } from '../../../src/importers/split-csv-line.ts';

describe('parseMovieTitle', () => {
  it.each([
    ['Toy Story (1995)', 'Toy Story', 1995],
    ['City of Lost Children, The (Cité des enfants perdus, La) (1995)', 'City of Lost Children, The (Cité des enfants perdus, La)', 1995],
    ['Babylon 5 (1994-1998) ', 'Babylon 5', 1994],
    ['Cosmos (1980– )', 'Cosmos', 1980],
    ['unknown', 'unknown', undefined],
    ['(1995)', '(1995)', undefined],
  ])('%s', (raw, title, year) => {
    expect(parseMovieTitle(raw)).toEqual({ title, year });
  });
});

describe('splitCsvLine', () => {
  it.each([
    ['a,b,c', ['a', 'b', 'c']],
    ['1,"Hello, World",x', ['1', 'Hello, World', 'x']],
    ['1,"say ""hi""",', ['1', 'say "hi"', '']],
    ['"a","b"', ['a', 'b']],
  ])('%s', (line, fields) => {
    expect(splitCsvLine(line)).toEqual(fields);
  });
  it('returns undefined for an unclosed or misplaced quote', () => {
    expect(splitCsvLine('1,"open')).toBeUndefined();
    expect(splitCsvLine('1,"a"b,c')).toBeUndefined();
  });
});

describe('capTitle', () => {
  it('keeps short titles and cuts long ones without splitting a surrogate pair', () => {
    expect(capTitle('abc', 5)).toBe('abc');
    expect(capTitle(`abcd${'😀'}`, 5)).toBe('abcd');
  });
});
