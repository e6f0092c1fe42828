import type { Domain } from '../db/database.ts';

/**
 * The two recommender networks: `ncf` (NeuMF over user and item embeddings, sampled negatives; He et al. 2017) and
 * `history` (the item-history model: an autoencoder of the user's history plus learned item-pair weights, softmax
 * over every item; see `trainHistoryModel`).
 */
export type RecommenderKind = 'ncf' | 'history';

/**
 * The network each domain trains by default, chosen by full-ranking quality (BENCHMARKS.md): NCF on MovieLens, the
 * item-history model on Last.fm, whose long tail NCF's sampled negatives rank poorly.
 */
export const DEFAULT_RECOMMENDER_KINDS: Readonly<Record<Domain, RecommenderKind>> = Object.freeze({ film: 'ncf', music: 'history' });
