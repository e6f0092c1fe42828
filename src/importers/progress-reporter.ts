import cliProgress from 'cli-progress';
import type { Logger } from '../logger.ts';

/** Shows how far a long task (an import, a download) has got. */
export interface ProgressReporter {
  /** `fraction` in 0..1; `details` a short text such as `52,000 rows, 48,113 rows/s`. */
  update(fraction: number, details: string): void;
  stop(): void;
}

/** Options of {@link createProgressReporter}. */
export interface ProgressReporterOptions {
  label: string;
  /** Where the bar is drawn (default `process.stderr`); a bar is drawn only when it is a TTY. */
  stream?: NodeJS.WriteStream;
  /** Without a TTY, progress goes to this logger as periodic `info` lines (none when omitted). */
  logger?: Logger;
  /** Least time between two log lines (default 5,000 ms). */
  intervalMs?: number;
}

const STEPS = 1000;

/**
 * A progress bar on stderr when it is a terminal (cli-progress), else periodic log lines, so CI logs stay readable.
 *
 * ```ts
 * const progress = createProgressReporter({ label: 'movielens', logger });
 * progress.update(0.5, '50,000 rows');
 * progress.stop();
 * ```
 */
export function createProgressReporter(options: ProgressReporterOptions): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: '{label} |{bar}| {percentage}% | {details}', stream, hideCursor: true, fps: 10, barsize: 30 },
      cliProgress.Presets.shades_classic,
    );
    bar.start(STEPS, 0, { label: options.label, details: '' });
    return {
      update: (fraction, details) => bar.update(Math.round(Math.min(1, Math.max(0, fraction)) * STEPS), { details }),
      stop: () => bar.stop(),
    };
  }
  const interval = options.intervalMs ?? 5000;
  let lastLog = Date.now();
  return {
    update: (fraction, details) => {
      const now = Date.now();
      if (!options.logger || now - lastLog < interval) return;
      lastLog = now;
      options.logger.info({ task: options.label, percent: Math.round(fraction * 1000) / 10 }, `${options.label}: ${Math.round(fraction * 100)}% ${details}`);
    },
    stop: () => {},
  };
}

/** A reporter that shows nothing (tests, the demo seed). */
export const silentProgress: ProgressReporter = { update: () => {}, stop: () => {} };
