import { z } from 'zod';
import { DOMAINS, EVENT_KINDS } from '../db/database.ts';

export const MAX_BATCH = 10_000;
export const MAX_ID_LENGTH = 128;
export const MAX_TITLE_LENGTH = 512;
const MAX_ATTRIBUTES_BYTES = 16_384;

/** Ids of users, items and events: 1..128 visible ASCII characters. */
export const entityId = z
  .string()
  .min(1)
  .max(MAX_ID_LENGTH)
  .regex(/^[\x21-\x7e]+$/, 'must be visible ASCII without spaces');

export const domain = z.enum(DOMAINS);
export const eventKind = z.enum(EVENT_KINDS);

const attributes = z
  .record(z.string().max(64), z.unknown())
  .refine((value) => JSON.stringify(value).length <= MAX_ATTRIBUTES_BYTES, `must serialise to at most ${MAX_ATTRIBUTES_BYTES} bytes`);

export const itemInput = z.strictObject({
  id: entityId,
  domain,
  title: z.string().trim().min(1).max(MAX_TITLE_LENGTH),
  attributes: attributes.optional(),
  available: z.boolean().optional(),
});
export type ItemInput = z.infer<typeof itemInput>;

export const userInput = z.strictObject({
  id: entityId,
  attributes: attributes.optional(),
});
export type UserInput = z.infer<typeof userInput>;

export const eventInput = z.strictObject({
  key: entityId.optional().describe('client idempotency key; without it, the key derives from the event content when occurred_at is given'),
  user_id: entityId,
  item_id: entityId,
  kind: eventKind,
  value: z.number().finite().optional(),
  occurred_at: z.iso.datetime({ offset: true }).optional(),
});
export type EventInput = z.infer<typeof eventInput>;

function batchOf<T extends z.ZodType>(item: T) {
  return z.array(item).min(1).max(MAX_BATCH);
}

export const itemsBatch = z.strictObject({ items: batchOf(itemInput) });
export const usersBatch = z.strictObject({ users: batchOf(userInput) });
export const eventsBatch = z.strictObject({ events: batchOf(eventInput) }).superRefine((batch, ctx) => {
  const firstIndexOfKey = new Map<string, number>();
  batch.events.forEach((event, index) => {
    if (event.key === undefined) return;
    const first = firstIndexOfKey.get(event.key);
    if (first === undefined) firstIndexOfKey.set(event.key, index);
    else ctx.addIssue({ code: 'custom', path: ['events', index, 'key'], message: `duplicates the key of events[${first}]` });
  });
});

export const itemView = z.object({
  id: z.string(),
  domain,
  title: z.string(),
  attributes: z.record(z.string(), z.unknown()),
  available: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});
