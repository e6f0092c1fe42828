/** Why an uploaded image was refused; callers map each reason to a status (the HTTP layer: 400, 415, 413, 422). */
export type ImageInputProblem = 'empty' | 'unsupported-format' | 'too-many-pixels' | 'corrupt';

/**
 * Thrown by {@link preprocessImage} for input that is not a usable image. It never means a server fault.
 *
 * ```ts
 * try { await preprocessImage(bytes); }
 * catch (error) { if (error instanceof ImageInputError && error.problem === 'corrupt') reply(422); }
 * ```
 */
export class ImageInputError extends Error {
  override readonly name = 'ImageInputError';
  readonly problem: ImageInputProblem;

  constructor(problem: ImageInputProblem, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.problem = problem;
  }
}
