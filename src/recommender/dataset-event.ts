import type { EventKind } from '../db/database.ts';

/**
 * The fields of an `events` row the dataset needs.
 *
 * ```ts
 * accumulator.add({ id: 1, userId: 'u1', itemId: 'ml:50', kind: 'rating', value: 5, occurredAt: new Date() });
 * ```
 */
export interface DatasetEvent {
  readonly id: number;
  readonly userId: string;
  readonly itemId: string;
  readonly kind: EventKind;
  readonly value: number | null;
  readonly occurredAt: Date | number;
}
