/**
 * What one import did. Counts of `created`/`inserted` are of rows new to the database; a second import of the
 * same data reports every event as a duplicate and every item as existing.
 */
export interface ImportSummary {
  source: string;
  directory: string;
  /** Data rows parsed from all files (items, events, tags). */
  rowsRead: number;
  items: { read: number; created: number; existing: number };
  users: { seen: number; created: number };
  events: { read: number; inserted: number; duplicates: number };
  seconds: number;
  /** `rowsRead / seconds` (Last.fm's rows include its 198k tag rows). */
  rowsPerSecond: number;
  /** `events.read / seconds`. */
  eventsPerSecond: number;
}
