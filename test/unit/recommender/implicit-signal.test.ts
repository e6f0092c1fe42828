import { describe, expect, it } from 'vitest';
import type { EventKind } from '../../../src/db/database.ts';
import { accumulateEvent } from '../../../src/recommender/accumulate-event.ts';
import { implicitSignal } from '../../../src/recommender/implicit-signal.ts';
import { emptyPairEvidence } from '../../../src/recommender/pair-evidence.ts';
import { DEFAULT_SIGNAL_RULES } from '../../../src/recommender/signal-rules.ts';

function signalOf(events: [EventKind, number | null][], rules = DEFAULT_SIGNAL_RULES) {
  const evidence = emptyPairEvidence();
  for (const [kind, value] of events) accumulateEvent(evidence, kind, value);
  return implicitSignal(evidence, rules);
}

describe('implicitSignal', () => {
  describe('view', () => {
    it('is a positive weighted by the watched fraction', () => {
      expect(signalOf([['view', 0.8]])).toEqual({ label: 'positive', confidence: expect.closeTo(0.8, 6) });
    });
    it('below 0.3 watched is not a positive, only seen', () => {
      expect(signalOf([['view', 0.2]])).toEqual({ label: 'seen', confidence: 0 });
    });
    it('exactly at the threshold is a positive', () => {
      expect(signalOf([['view', 0.3]]).label).toBe('positive');
    });
    it('takes the longest of several views', () => {
      expect(signalOf([['view', 0.1], ['view', 0.9], ['view', 0.4]]).confidence).toBeCloseTo(0.9);
    });
    it('treats a missing fraction as a full view and clamps above 1', () => {
      expect(signalOf([['view', null]]).confidence).toBe(1);
      expect(signalOf([['view', 3]]).confidence).toBe(1);
    });
    it('honours a configured threshold', () => {
      expect(signalOf([['view', 0.2]], { ...DEFAULT_SIGNAL_RULES, minWatchedFraction: 0.1 }).label).toBe('positive');
    });
  });

  describe('listen', () => {
    it('is a positive with weight 1 + ln(play count)', () => {
      expect(signalOf([['listen', 20]]).confidence).toBeCloseTo(1 + Math.log(20));
      expect(signalOf([['listen', 1]]).confidence).toBe(1);
    });
    it('sums the plays of several listen events', () => {
      expect(signalOf([['listen', 3], ['listen', 7]]).confidence).toBeCloseTo(1 + Math.log(10));
    });
    it('counts a listen without a value as one play', () => {
      expect(signalOf([['listen', null], ['listen', null]]).confidence).toBeCloseTo(1 + Math.log(2));
    });
    it('zero plays is only seen', () => {
      expect(signalOf([['listen', 0]]).label).toBe('seen');
    });
  });

  describe('rating', () => {
    it('at or above the threshold (default 4) is a positive', () => {
      expect(signalOf([['rating', 4]])).toEqual({ label: 'positive', confidence: 1 });
      expect(signalOf([['rating', 5]])).toEqual({ label: 'positive', confidence: 1 });
    });
    it('below the threshold counts as seen, not positive', () => {
      expect(signalOf([['rating', 3]])).toEqual({ label: 'seen', confidence: 0 });
      expect(signalOf([['rating', 1]]).label).toBe('seen');
    });
    it('uses the configured threshold', () => {
      expect(signalOf([['rating', 3]], { ...DEFAULT_SIGNAL_RULES, ratingThreshold: 3 }).label).toBe('positive');
    });
    it('the latest rating wins', () => {
      expect(signalOf([['rating', 5], ['rating', 2]]).label).toBe('seen');
      expect(signalOf([['rating', 2], ['rating', 5]]).label).toBe('positive');
    });
    it('a low rating overrides a full view', () => {
      expect(signalOf([['view', 1], ['rating', 2]]).label).toBe('seen');
    });
  });

  describe('like, dislike, skip', () => {
    it('like is a positive', () => {
      expect(signalOf([['like', null]])).toEqual({ label: 'positive', confidence: 1 });
    });
    it('dislike is a hard negative whatever else happened', () => {
      expect(signalOf([['listen', 50], ['dislike', null]])).toEqual({ label: 'hard-negative', confidence: 0 });
      expect(signalOf([['rating', 5], ['dislike', null]]).label).toBe('hard-negative');
    });
    it('the latest of like and dislike wins', () => {
      expect(signalOf([['dislike', null], ['like', null]]).label).toBe('positive');
      expect(signalOf([['like', null], ['dislike', null]]).label).toBe('hard-negative');
    });
    it('skip alone is a weak negative', () => {
      expect(signalOf([['skip', null]])).toEqual({ label: 'weak-negative', confidence: 0 });
    });
    it('skip after real listening stays positive', () => {
      expect(signalOf([['listen', 5], ['skip', null]]).label).toBe('positive');
    });
    it('a short view plus a skip is a weak negative', () => {
      expect(signalOf([['view', 0.05], ['skip', null]]).label).toBe('weak-negative');
    });
  });

  it('takes the strongest positive evidence', () => {
    expect(signalOf([['view', 0.5], ['like', null], ['listen', 100]]).confidence).toBeCloseTo(1 + Math.log(100));
  });

  it('no events is seen', () => {
    expect(implicitSignal(emptyPairEvidence())).toEqual({ label: 'seen', confidence: 0 });
  });
});
