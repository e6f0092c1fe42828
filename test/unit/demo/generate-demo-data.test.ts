import { describe, expect, it } from 'vitest';
import { eventInput, itemInput, userInput } from '../../../src/catalog/catalog-schemas.ts';
import { generateDemoData } from '../../../src/demo/generate-demo-data.ts';

const NOW = new Date('2025-06-01T12:00:00Z');
const DAY = 86_400_000;

describe('generateDemoData', () => {
  const demo = generateDemoData({ seed: 42, now: NOW });
  const itemById = new Map(demo.items.map((item) => [item.id, item]));
  const genresOf = (itemId: string): string[] => (itemById.get(itemId)!.attributes!.genres as string[]) ?? [];

  it('is deterministic for a seed and a time, and differs for another seed', () => {
    expect(generateDemoData({ seed: 42, now: NOW })).toEqual(demo);
    const other = generateDemoData({ seed: 43, now: NOW });
    expect(other.items.map((item) => item.title)).not.toEqual(demo.items.map((item) => item.title));
    // keys do not depend on the time, so a later seeding of the same data stores nothing twice
    const later = generateDemoData({ seed: 42, now: new Date(NOW.getTime() + 3 * DAY) });
    expect(later.events.map((event) => event.key)).toEqual(demo.events.map((event) => event.key));
  });

  it('makes 400 films, 400 tracks and 300 users that the API schemas accept', () => {
    expect(demo.items.filter((item) => item.domain === 'film')).toHaveLength(400);
    expect(demo.items.filter((item) => item.domain === 'music')).toHaveLength(400);
    expect(demo.users).toHaveLength(300);
    for (const domain of ['film', 'music']) {
      expect(new Set(demo.items.filter((item) => item.domain === domain).map((item) => item.title)).size).toBe(400);
    }
    for (const item of demo.items) expect(itemInput.safeParse(item).success).toBe(true);
    for (const user of demo.users) expect(userInput.safeParse(user).success).toBe(true);
    for (const event of demo.events) expect(eventInput.safeParse(event).success).toBe(true);
    expect(new Set(demo.events.map((event) => event.key)).size).toBe(demo.events.length);
    for (const track of demo.items.filter((item) => item.domain === 'music')) expect(track.attributes).toHaveProperty('artist');
    for (const film of demo.items.filter((item) => item.domain === 'film')) expect(film.attributes).toHaveProperty('year');
  });

  it('spreads events over the 90 days before now, with plausible values per kind', () => {
    expect(demo.events.length).toBeGreaterThan(15_000);
    const kinds = new Set(demo.events.map((event) => event.kind));
    expect([...kinds].sort()).toEqual(['dislike', 'like', 'listen', 'rating', 'skip', 'view']);
    const implausible = demo.events.filter((event) => {
      const at = new Date(event.occurred_at!).getTime();
      const value = event.value ?? Number.NaN;
      const domain = itemById.get(event.item_id)!.domain;
      if (at > NOW.getTime() || at < NOW.getTime() - 90 * DAY) return true;
      if (event.kind === 'view') return domain !== 'film' || !(value > 0 && value <= 1);
      if (event.kind === 'rating') return domain !== 'film' || ![1, 2, 3, 4, 5].includes(value);
      if (event.kind === 'listen') return domain !== 'music' || !(Number.isInteger(value) && value >= 1);
      if (event.kind === 'skip') return domain !== 'music' || event.value !== undefined;
      return event.value !== undefined;
    });
    expect(implausible).toEqual([]);
    const lastWeek = demo.events.filter((event) => new Date(event.occurred_at!).getTime() > NOW.getTime() - 7 * DAY);
    expect(lastWeek.length).toBeGreaterThan(demo.events.length * 0.05);
  });

  it("skews each user's history to the genres they prefer", () => {
    const shares = demo.profiles.map((profile) => {
      const mine = demo.events.filter((event) => event.user_id === profile.userId && (event.kind === 'view' || event.kind === 'listen'));
      const inTaste = mine.filter((event) => {
        const preferred = itemById.get(event.item_id)!.domain === 'film' ? profile.filmGenres : profile.musicGenres;
        return genresOf(event.item_id).some((genre) => preferred.includes(genre));
      });
      return mine.length === 0 ? 1 : inTaste.length / mine.length;
    });
    const mean = shares.reduce((sum, share) => sum + share, 0) / shares.length;
    expect(mean).toBeGreaterThan(0.75);
    expect(shares.filter((share) => share < 0.5).length).toBeLessThan(shares.length * 0.05);

    // and what they rate highly is in their taste, what they dislike or skip mostly is not
    const profileOf = new Map(demo.profiles.map((profile) => [profile.userId, profile]));
    const inTaste = (userId: string, itemId: string): boolean => {
      const profile = profileOf.get(userId)!;
      const preferred = itemById.get(itemId)!.domain === 'film' ? profile.filmGenres : profile.musicGenres;
      return genresOf(itemId).some((genre) => preferred.includes(genre));
    };
    const high = demo.events.filter((event) => event.kind === 'rating' && event.value! >= 4);
    expect(high.filter((event) => inTaste(event.user_id, event.item_id)).length / high.length).toBeGreaterThan(0.95);
    const negative = demo.events.filter((event) => event.kind === 'skip' || event.kind === 'dislike');
    expect(negative.filter((event) => !inTaste(event.user_id, event.item_id)).length / negative.length).toBeGreaterThan(0.95);
  });

  it('has recent releases that are popular lately but not overall', () => {
    const recent = demo.events.filter((event) => new Date(event.occurred_at!).getTime() > NOW.getTime() - 14 * DAY);
    const top = (events: typeof demo.events): string[] => {
      const counts = new Map<string, number>();
      for (const event of events) counts.set(event.item_id, (counts.get(event.item_id) ?? 0) + 1);
      return [...counts].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([id]) => id);
    };
    expect(top(recent)).not.toEqual(top(demo.events));
    const newReleases = new Set(demo.items.filter((item) => item.attributes!.year === NOW.getUTCFullYear()).map((item) => item.id));
    expect(newReleases.size).toBeGreaterThan(20);
    expect(top(recent).some((id) => newReleases.has(id))).toBe(true);
  });
});
