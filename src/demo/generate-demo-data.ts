import type { EventInput, ItemInput, UserInput } from '../catalog/catalog-schemas.ts';
import { createSeededRandom, type SeededRandom } from '../recommender/seeded-random.ts';
import { DEMO_FILM_GENRES, DEMO_MUSIC_GENRES, DEMO_WORDS } from './demo-vocabulary.ts';

/** Options of {@link generateDemoData}; the defaults make about 40,000 events. */
export interface DemoOptions {
  seed?: number;
  films?: number;
  tracks?: number;
  users?: number;
  /** History spans the `days` before `now`. */
  days?: number;
  /** The end of the history (default: the current time). Same seed and same `now`: same data. */
  now?: Date;
}

/** The tastes a synthetic user was generated with (what tests check the history against). */
export interface DemoUserProfile {
  userId: string;
  filmGenres: string[];
  musicGenres: string[];
}

/** A synthetic catalog and history. */
export interface DemoData {
  items: ItemInput[];
  users: UserInput[];
  events: EventInput[];
  profiles: DemoUserProfile[];
}

const DAY_MS = 86_400_000;
/** Share of the catalog released within the last two weeks (their events are all recent: "trending"). */
const NEW_RELEASE_SHARE = 0.1;
const NEW_RELEASE_DAYS = 14;

interface CatalogEntry {
  item: ItemInput;
  genres: string[];
  weight: number;
  /** Epoch ms before which nobody can have consumed it. */
  availableFrom: number;
}

const pick = <T>(random: SeededRandom, values: readonly T[]): T => values[random.int(values.length)]!;

function pickSome<T>(random: SeededRandom, values: readonly T[], count: number): T[] {
  const pool = [...values];
  const chosen: T[] = [];
  while (chosen.length < count && pool.length > 0) chosen.push(pool.splice(random.int(pool.length), 1)[0]!);
  return chosen;
}

function uniqueName(random: SeededRandom, used: Set<string>, make: () => string): string {
  for (let attempt = 0; attempt < 20; attempt++) {
    const name = make();
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
  let suffix = 2;
  const base = make();
  while (used.has(`${base} ${suffix}`)) suffix += 1;
  used.add(`${base} ${suffix}`);
  return `${base} ${suffix}`;
}

function filmTitle(random: SeededRandom): string {
  const { adjectives, nouns } = DEMO_WORDS;
  switch (random.int(4)) {
    case 0:
      return `The ${pick(random, adjectives)} ${pick(random, nouns)}`;
    case 1:
      return `${pick(random, nouns)} of the ${pick(random, adjectives)} ${pick(random, nouns)}`;
    case 2:
      return `${pick(random, adjectives)} ${pick(random, nouns)}`;
    default:
      return `Return to ${pick(random, nouns)}`;
  }
}

function trackTitle(random: SeededRandom): string {
  const { adjectives, nouns, verbs } = DEMO_WORDS;
  return random.next() < 0.5 ? `${pick(random, adjectives)} ${pick(random, nouns)}` : `${pick(random, verbs)} the ${pick(random, nouns)}`;
}

function artistName(random: SeededRandom): string {
  const { adjectives, firstNames, lastNames, bandNouns } = DEMO_WORDS;
  return random.next() < 0.5 ? `${pick(random, firstNames)} ${pick(random, lastNames)}` : `The ${pick(random, adjectives)} ${pick(random, bandNouns)}`;
}

/** Popularity weights with a long tail (Zipf-like over a random order). */
function popularity(random: SeededRandom, count: number): number[] {
  const ranks = pickSome(random, Array.from({ length: count }, (_, index) => index + 1), count);
  return ranks.map((rank) => 1 / rank ** 0.8);
}

function releaseTime(random: SeededRandom, start: number, now: number): number {
  return random.next() < NEW_RELEASE_SHARE ? now - random.next() * NEW_RELEASE_DAYS * DAY_MS : start;
}

function buildFilms(random: SeededRandom, count: number, start: number, now: number): CatalogEntry[] {
  const titles = new Set<string>();
  const weights = popularity(random, count);
  return weights.map((weight, index) => {
    const primary = DEMO_FILM_GENRES[index % DEMO_FILM_GENRES.length]!;
    const extra = pickSome(random, DEMO_FILM_GENRES.filter((genre) => genre !== primary), random.int(3));
    const genres = [primary, ...extra.slice(0, random.next() < 0.5 ? 0 : extra.length)];
    const availableFrom = releaseTime(random, start, now);
    const year = availableFrom > start ? new Date(now).getUTCFullYear() : 1960 + Math.floor(65 * Math.sqrt(random.next()));
    return {
      genres,
      weight,
      availableFrom,
      item: {
        id: `demo-film-${String(index + 1).padStart(4, '0')}`,
        domain: 'film',
        title: uniqueName(random, titles, () => filmTitle(random)),
        attributes: { year, genres, runtime_minutes: 80 + random.int(80), source: 'demo' },
      },
    };
  });
}

function buildTracks(random: SeededRandom, count: number, start: number, now: number): CatalogEntry[] {
  const artistNames = new Set<string>();
  const artists = Array.from({ length: Math.max(1, Math.round(count / 4)) }, (_, index) => ({
    name: uniqueName(random, artistNames, () => artistName(random)),
    genre: DEMO_MUSIC_GENRES[index % DEMO_MUSIC_GENRES.length]!,
  }));
  const titles = new Set<string>();
  const weights = popularity(random, count);
  return weights.map((weight, index) => {
    const artist = artists[index % artists.length]!;
    const availableFrom = releaseTime(random, start, now);
    const year = availableFrom > start ? new Date(now).getUTCFullYear() : 1965 + Math.floor(60 * Math.sqrt(random.next()));
    return {
      genres: [artist.genre],
      weight,
      availableFrom,
      item: {
        id: `demo-track-${String(index + 1).padStart(4, '0')}`,
        domain: 'music',
        title: uniqueName(random, titles, () => trackTitle(random)),
        attributes: { artist: artist.name, genres: [artist.genre], year, duration_seconds: 120 + random.int(300), source: 'demo' },
      },
    };
  });
}

/** Cumulative weights for sampling by popularity. */
function sampler(entries: readonly CatalogEntry[]): (random: SeededRandom) => CatalogEntry | undefined {
  if (entries.length === 0) return () => undefined;
  const cumulative: number[] = [];
  let total = 0;
  for (const entry of entries) cumulative.push((total += entry.weight));
  return (random) => {
    const target = random.next() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return entries[low];
  };
}

/**
 * Generates a synthetic catalog (films across genres with years, tracks across genres with artists) and a history of
 * users with plausible tastes: each prefers 1-3 genres per domain, and about 80% of their picks fall in them. Films
 * get views with watched fractions (long for preferred genres), some ratings, likes and dislikes; tracks get listens
 * with play counts, skips for genres they do not like, some likes and dislikes. Events spread over the `days` before
 * `now`; about a tenth of the items are recent releases whose events are all in the last two weeks, so "popular
 * lately" differs from "popular overall". Deterministic: the same seed and `now` give the same data, and event keys
 * (`demo:<user>:<n>`) do not depend on `now`.
 *
 * ```ts
 * const demo = generateDemoData({ seed: 7, now: new Date('2025-06-01T00:00:00Z') });
 * demo.items.length; // 800 (400 films, 400 tracks)
 * ```
 */
export function generateDemoData(options: DemoOptions = {}): DemoData {
  const random = createSeededRandom(options.seed ?? 20_250_601);
  const now = (options.now ?? new Date()).getTime();
  const start = now - (options.days ?? 90) * DAY_MS;
  const films = buildFilms(random, options.films ?? 400, start, now);
  const tracks = buildTracks(random, options.tracks ?? 400, start, now);
  const allFilms = sampler(films);
  const allTracks = sampler(tracks);

  const users: UserInput[] = [];
  const profiles: DemoUserProfile[] = [];
  const events: EventInput[] = [];
  const userCount = options.users ?? 300;
  for (let index = 0; index < userCount; index++) {
    const userId = `demo-user-${String(index + 1).padStart(3, '0')}`;
    const filmGenres = pickSome<string>(random, DEMO_FILM_GENRES, 1 + random.int(3));
    const musicGenres = pickSome<string>(random, DEMO_MUSIC_GENRES, 1 + random.int(3));
    profiles.push({ userId, filmGenres, musicGenres });
    users.push({ id: userId, attributes: { source: 'demo' } });
    const likedFilms = sampler(films.filter((film) => film.genres.some((genre) => filmGenres.includes(genre))));
    const likedTracks = sampler(tracks.filter((track) => track.genres.some((genre) => musicGenres.includes(genre))));
    let sequence = 0;
    const joined = start + random.next() * 0.3 * (now - start);
    const add = (entry: CatalogEntry, kind: EventInput['kind'], value: number | undefined, at: number): void => {
      sequence += 1;
      events.push({
        key: `demo:${index + 1}:${sequence}`,
        user_id: userId,
        item_id: entry.item.id,
        kind,
        ...(value === undefined ? {} : { value }),
        occurred_at: new Date(Math.min(now, Math.round(at / 1000) * 1000)).toISOString(),
      });
    };
    const when = (entry: CatalogEntry): number => {
      const from = Math.max(joined, entry.availableFrom);
      return from + random.next() * (now - from);
    };

    const seenFilms = new Set<string>();
    const filmPicks = 12 + Math.floor(random.next() ** 2 * 60);
    for (let n = 0; n < filmPicks; n++) {
      let film: CatalogEntry | undefined;
      for (let attempt = 0; attempt < 6 && (film === undefined || seenFilms.has(film.item.id)); attempt++) {
        film = random.next() < 0.8 ? likedFilms(random) : allFilms(random);
      }
      if (!film || seenFilms.has(film.item.id)) continue;
      seenFilms.add(film.item.id);
      const preferred = film.genres.some((genre) => filmGenres.includes(genre));
      const at = when(film);
      const watched = preferred
        ? random.next() < 0.15 ? 0.1 + 0.3 * random.next() : 0.6 + 0.4 * random.next()
        : 0.05 + 0.5 * random.next();
      add(film, 'view', Math.round(watched * 100) / 100, at);
      if (random.next() < 0.35) add(film, 'rating', preferred ? 4 + (random.next() < 0.4 ? 1 : 0) : 1 + random.int(3), at + 60_000);
      if (preferred && watched > 0.6 && random.next() < 0.15) add(film, 'like', undefined, at + 120_000);
      if (!preferred && watched < 0.3 && random.next() < 0.3) add(film, 'dislike', undefined, at + 120_000);
    }

    const trackPicks = 15 + Math.floor(random.next() ** 2 * 90);
    for (let n = 0; n < trackPicks; n++) {
      const track = random.next() < 0.8 ? likedTracks(random) : allTracks(random);
      if (!track) continue;
      const preferred = track.genres.some((genre) => musicGenres.includes(genre));
      const at = when(track);
      if (preferred) {
        add(track, 'listen', 1 + Math.floor(-Math.log(1 - random.next()) * 6), at);
        if (random.next() < 0.1) add(track, 'like', undefined, at + 30_000);
      } else if (random.next() < 0.45) {
        add(track, 'skip', undefined, at);
        if (random.next() < 0.15) add(track, 'dislike', undefined, at + 5_000);
      } else {
        add(track, 'listen', 1 + random.int(2), at);
      }
    }
  }
  return { items: [...films, ...tracks].map((entry) => entry.item), users, events, profiles };
}
