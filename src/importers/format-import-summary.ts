import Table from 'cli-table3';
import type { ImportSummary } from './import-summary.ts';

const count = (value: number): string => value.toLocaleString('en-US');

/**
 * Renders an {@link ImportSummary} as a closing table (cli-table3).
 *
 * ```ts
 * console.log(formatImportSummary(await runImport(db, source)));
 * ```
 */
export function formatImportSummary(summary: ImportSummary, options: { color?: boolean } = {}): string {
  const table = new Table({
    head: ['import', summary.source],
    style: options.color ? {} : { head: [], border: [] },
    colAligns: ['left', 'right'],
  });
  table.push(
    ['directory', summary.directory],
    ['rows read', count(summary.rowsRead)],
    ['users (seen / new)', `${count(summary.users.seen)} / ${count(summary.users.created)}`],
    ['items (read / new)', `${count(summary.items.read)} / ${count(summary.items.created)}`],
    ['events read', count(summary.events.read)],
    ['events new', count(summary.events.inserted)],
    ['events duplicate', count(summary.events.duplicates)],
    ['seconds', summary.seconds.toFixed(2)],
    ['rows/s', count(Math.round(summary.rowsPerSecond))],
    ['events/s', count(Math.round(summary.eventsPerSecond))],
  );
  return table.toString();
}
