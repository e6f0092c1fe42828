import type { ImplicitLabel } from './implicit-signal.ts';

/**
 * Compact codes of {@link ImplicitLabel} stored in `InteractionTable.label` (an Int8Array).
 *
 * ```ts
 * if (dataset.interactions.label[k] === INTERACTION_LABEL.positive) positives += 1;
 * ```
 */
export const INTERACTION_LABEL = Object.freeze({
  positive: 1,
  seen: 0,
  weakNegative: -1,
  hardNegative: -2,
} as const satisfies Record<string, number>);

/** Maps an {@link ImplicitLabel} to its code in {@link INTERACTION_LABEL}. */
export function interactionLabelCode(label: ImplicitLabel): number {
  switch (label) {
    case 'positive':
      return INTERACTION_LABEL.positive;
    case 'seen':
      return INTERACTION_LABEL.seen;
    case 'weak-negative':
      return INTERACTION_LABEL.weakNegative;
    case 'hard-negative':
      return INTERACTION_LABEL.hardNegative;
  }
}
