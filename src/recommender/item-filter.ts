/**
 * Serving filters on catalog attributes. Every field is optional; all given ones must hold.
 *
 * ```ts
 * const filter: ItemFilter = { genre: 'Comedy', availableOnly: true, yearFrom: 1990 };
 * ```
 */
export interface ItemFilter {
  /** Keep items whose genres (music: tags) include this, case-insensitive. */
  readonly genre?: string;
  /** Keep only items whose `available` flag is set. Default true. */
  readonly availableOnly?: boolean;
  readonly yearFrom?: number;
  readonly yearTo?: number;
  /** Any further predicate on item indexes. */
  readonly predicate?: (itemIndex: number) => boolean;
}
