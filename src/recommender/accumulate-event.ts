import type { EventKind } from '../db/database.ts';
import type { PairEvidence } from './pair-evidence.ts';

/**
 * Folds one event into the evidence of its (user, item) pair; call it in event order (ascending
 * event id) so "latest" rating and like/dislike win. `value` means, per kind: `view` watched
 * fraction 0..1 (null: 1, a full view), `listen` play count (null: 1), `rating` the rating
 * (null: ignored); `like`, `dislike`, `skip` ignore it.
 *
 * ```ts
 * const evidence = emptyPairEvidence();
 * accumulateEvent(evidence, 'view', 0.8);
 * accumulateEvent(evidence, 'rating', 5);
 * ```
 */
export function accumulateEvent(evidence: PairEvidence, kind: EventKind, value: number | null): PairEvidence {
  switch (kind) {
    case 'view': {
      const fraction = value === null || !Number.isFinite(value) ? 1 : Math.min(1, Math.max(0, value));
      evidence.views += 1;
      if (fraction > evidence.maxWatched) evidence.maxWatched = fraction;
      break;
    }
    case 'listen': {
      const plays = value === null || !Number.isFinite(value) ? 1 : Math.max(0, value);
      evidence.plays += plays;
      break;
    }
    case 'rating':
      if (value !== null && Number.isFinite(value)) evidence.rating = value;
      break;
    case 'like':
      evidence.explicit = 1;
      break;
    case 'dislike':
      evidence.explicit = -1;
      break;
    case 'skip':
      evidence.skips += 1;
      break;
  }
  return evidence;
}
