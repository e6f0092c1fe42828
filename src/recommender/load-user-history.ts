import type { Kysely } from 'kysely';
import type { Database, Domain } from '../db/database.ts';
import { accumulateEvent } from './accumulate-event.ts';
import { implicitSignal } from './implicit-signal.ts';
import { emptyPairEvidence, type PairEvidence } from './pair-evidence.ts';
import { DEFAULT_SIGNAL_RULES, type SignalRules } from './signal-rules.ts';
import type { UserHistory } from './user-history.ts';

/**
 * Reads a user's events in a domain (newest `limit`, default 5,000) and applies the same
 * implicit-signal rules as training, so serving excludes what the user consumed up to now
 * (also after the model was trained) and explains picks by the user's positives.
 *
 * ```ts
 * const history = await loadUserHistory(db, 'film', 'ml:42');
 * const items = model.recommend('ml:42', { limit: 10, history });
 * ```
 */
export async function loadUserHistory(
  db: Kysely<Database>,
  domain: Domain,
  userId: string,
  options: { rules?: SignalRules; limit?: number } = {},
): Promise<UserHistory> {
  const rows = await db
    .selectFrom('events')
    .select(['id', 'item_id', 'kind', 'value'])
    .where('user_id', '=', userId)
    .where('domain', '=', domain)
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit ?? 5_000)
    .execute();
  const byItem = new Map<string, { evidence: PairEvidence; events: { id: number; kind: (typeof rows)[number]['kind']; value: number | null }[] }>();
  for (const row of rows) {
    let entry = byItem.get(row.item_id);
    if (!entry) byItem.set(row.item_id, (entry = { evidence: emptyPairEvidence(), events: [] }));
    entry.events.push({ id: Number(row.id), kind: row.kind, value: row.value === null ? null : Number(row.value) });
  }
  const consumed: string[] = [];
  const positives: string[] = [];
  const disliked: string[] = [];
  for (const [itemId, entry] of byItem) {
    // Fold oldest first so the latest rating / like-dislike wins, as in training.
    for (let k = entry.events.length - 1; k >= 0; k--) accumulateEvent(entry.evidence, entry.events[k]!.kind, entry.events[k]!.value);
    const signal = implicitSignal(entry.evidence, options.rules ?? DEFAULT_SIGNAL_RULES);
    consumed.push(itemId);
    if (signal.label === 'positive') positives.push(itemId);
    else if (signal.label === 'hard-negative') disliked.push(itemId);
  }
  return { consumed, positives, disliked };
}
