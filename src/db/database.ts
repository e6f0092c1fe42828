import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** The two catalog domains the service recommends in. */
export const DOMAINS = ['film', 'music'] as const;
export type Domain = (typeof DOMAINS)[number];

export const EVENT_KINDS = ['view', 'listen', 'rating', 'like', 'dislike', 'skip'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const MODEL_KINDS = ['recommender', 'cnn'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export const MODEL_STATUSES = ['candidate', 'active', 'rejected', 'retired'] as const;
export type ModelStatus = (typeof MODEL_STATUSES)[number];

export const RUN_STATUSES = ['queued', 'running', 'activated', 'rejected', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

type Json = ColumnType<Record<string, unknown>, Record<string, unknown> | string, Record<string, unknown> | string>;
type JsonArray = ColumnType<unknown[], unknown[] | string, unknown[] | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface UsersTable {
  id: string;
  attributes: Json;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ItemsTable {
  id: string;
  domain: Domain;
  title: string;
  attributes: Json;
  available: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface EventsTable {
  /** bigserial, parsed to number (safe below 2^53); doubles as the training watermark. */
  id: Generated<number>;
  event_key: string;
  user_id: string;
  item_id: string;
  domain: Domain;
  kind: EventKind;
  value: number | null;
  occurred_at: Timestamp;
  created_at: CreatedAt;
}

export interface ModelsTable {
  id: Generated<number>;
  kind: ModelKind;
  /** `film` | `music` for recommenders, `image` for the CNN. */
  domain: string;
  status: ModelStatus;
  metrics: Json;
  params: Json;
  meta: Json;
  artifact: Uint8Array;
  sha256: string;
  size_bytes: number;
  trained_from: number | null;
  reason: string | null;
  created_at: CreatedAt;
  activated_at: NullableTimestamp;
}

export interface TrainingRunsTable {
  id: Generated<number>;
  job_id: string;
  domain: string;
  status: RunStatus;
  progress: Json;
  attempt: Generated<number>;
  watermark: number | null;
  started_at: Timestamp;
  finished_at: NullableTimestamp;
  error: string | null;
  model_id: number | null;
}

export interface ArtworksTable {
  id: Generated<number>;
  sha256: string;
  format: string;
  width: number;
  height: number;
  bytes: number;
  tags: JsonArray;
  model_id: number | null;
  created_at: CreatedAt;
}

/** Kysely's view of the schema that `migrations/` creates. */
export interface Database {
  users: UsersTable;
  items: ItemsTable;
  events: EventsTable;
  models: ModelsTable;
  training_runs: TrainingRunsTable;
  artworks: ArtworksTable;
}

export type UserRow = Selectable<UsersTable>;
export type ItemRow = Selectable<ItemsTable>;
export type EventRow = Selectable<EventsTable>;
export type ModelRow = Selectable<ModelsTable>;
export type NewModel = Insertable<ModelsTable>;
export type TrainingRunRow = Selectable<TrainingRunsTable>;
export type ArtworkRow = Selectable<ArtworksTable>;
