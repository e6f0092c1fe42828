/**
 * One suggested item, as every serving method returns it.
 *
 * ```ts
 * const [first] = model.recommend('ml:42', { history }) ?? [];
 * console.log(first?.title, first?.score, first?.reason); // 'Heat' 0.93 'because you watched Ronin'
 * ```
 */
export interface Recommendation {
  readonly itemId: string;
  readonly title: string;
  /** Model: predicted probability of interaction (sigmoid of the logit); similar/session: cosine; popular: count. */
  readonly score: number;
  /** Human-readable reason, e.g. "because you watched X"; null when there is none. */
  readonly reason: string | null;
  /** The item the reason names. */
  readonly reasonItemId: string | null;
}
