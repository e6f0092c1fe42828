import type { SignalRules } from './signal-rules.ts';

/**
 * Options of {@link buildDataset}.
 *
 * ```ts
 * const options: BuildDatasetOptions = { watermark: 120_000, pageSize: 20_000 };
 * ```
 */
export interface BuildDatasetOptions {
  /** Include events with id ≤ this. Default: the highest event id of the domain when the build starts. */
  readonly watermark?: number;
  /** Events per keyset page. Default 50,000. */
  readonly pageSize?: number;
  /** Implicit-feedback rules. Default {@link DEFAULT_SIGNAL_RULES}. */
  readonly rules?: SignalRules;
  /** Called after each page with the events read so far. */
  readonly onPage?: (eventsRead: number) => void;
}
