/**
 * The slice of a pino logger that `src/ml` uses, so callers pass their own
 * pino instance (or a child of it) and tests pass a fake.
 *
 * @example
 * ```ts
 * import { pino } from 'pino'
 *
 * const logger: MlLogger = pino({ name: 'worker' })
 * await initTensorFlow({ logger })
 * ```
 */
export interface MlLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}
