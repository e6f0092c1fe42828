import request from 'supertest';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/create-database.ts';
import { databaseKinds, openTestDatabase, postgresSkipReason } from '../helpers/test-database.ts';
import { adminAuth, auth, buildTestApp } from '../helpers/test-app.ts';

const films = Array.from({ length: 30 }, (_, i) => ({ id: `f${String(i).padStart(2, '0')}`, domain: 'film', title: `Film ${i}`, attributes: { genres: [i % 2 ? 'drama' : 'comedy'], year: 1990 + i } }));
const tracks = Array.from({ length: 5 }, (_, i) => ({ id: `t${i}`, domain: 'music', title: `Track ${i}`, attributes: { artist: `Artist ${i}` } }));

async function tableCounts(database: DatabaseHandle) {
  const { rows } = await sql<{ users: number; items: number; events: number }>`
    select (select count(*) from users) as users, (select count(*) from items) as items, (select count(*) from events) as events`.execute(database.db);
  return rows[0]!;
}

describe.each(databaseKinds)('catalog API on $kind', ({ kind, skip }) => {
  if (skip) it.skip(`skipped: ${postgresSkipReason}`, () => undefined);
  if (skip) return;
  let database: DatabaseHandle;
  let app: ReturnType<typeof buildTestApp>['app'];

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    app = buildTestApp(database, { bodyBytes: 256 * 1024 }).app;
    await request(app).post('/v1/items').set(auth).send({ items: [...films, ...tracks] }).expect(200);
  });
  afterAll(() => database?.close());

  it('requires a bearer key: 401 without, 403 with a wrong one, admin routes need the admin key', async () => {
    const missing = await request(app).get('/v1/items');
    expect(missing.status).toBe(401);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(missing.body).toMatchObject({ status: 401, type: 'urn:problem:missing-credentials' });
    expect((await request(app).get('/v1/items').set({ Authorization: 'Bearer wrong' })).status).toBe(403);
    expect((await request(app).get('/v1/admin/anything').set(auth)).status).toBe(403);
    expect((await request(app).get('/v1/items').set(adminAuth)).status).toBe(200);
  });

  it('upserts items and pages through them by keyset', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: request.Response = await request(app).get('/v1/items').query({ domain: 'film', limit: 7, ...(cursor ? { cursor } : {}) }).set(auth).expect(200);
      seen.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(films.map((film) => film.id));
    const again = await request(app).post('/v1/items').set(auth).send({ items: films.slice(0, 2) }).expect(200);
    expect(again.body).toEqual({ created: 0, updated: 2 });
    expect((await request(app).get('/v1/items').query({ cursor: 'garbage' }).set(auth)).status).toBe(400);
  });

  it('refuses to move an item to another domain, storing nothing of the batch', async () => {
    const before = await tableCounts(database);
    const res = await request(app).post('/v1/items').set(auth).send({ items: [{ id: 'new-1', domain: 'film', title: 'New' }, { id: 'f00', domain: 'music', title: 'Moved' }] });
    expect(res.status).toBe(409);
    expect(res.body.errors).toEqual([{ path: 'body.items.1.domain', message: 'the item exists in another domain' }]);
    expect(await tableCounts(database)).toEqual(before);
  });

  it('marks a deleted item unavailable and keeps it', async () => {
    await request(app).delete('/v1/items/f29').set(auth).expect(204);
    const item = await request(app).get('/v1/items/f29').set(auth).expect(200);
    expect(item.body.available).toBe(false);
    expect((await request(app).delete('/v1/items/nope').set(auth)).status).toBe(404);
  });

  it('lists every failing field of an invalid batch and stores nothing', async () => {
    const before = await tableCounts(database);
    const res = await request(app)
      .post('/v1/events')
      .set(auth)
      .send({ events: [{ user_id: 'u1', item_id: 'f01', kind: 'watch' }, { user_id: 'x'.repeat(129), item_id: 'f01', kind: 'view', value: 'high' }, { item_id: 'f01', kind: 'view' }] });
    expect(res.status).toBe(400);
    const paths = res.body.errors.map((error: { path: string }) => error.path).sort();
    expect(paths).toEqual(['body.events.0.kind', 'body.events.1.user_id', 'body.events.1.value', 'body.events.2.user_id'].sort());
    const items = await request(app).post('/v1/items').set(auth).send({ items: [{ id: 'z', domain: 'podcast', title: 'x'.repeat(600) }] });
    expect(items.status).toBe(400);
    expect(items.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['body.items.0.domain', 'body.items.0.title']);
    expect(await tableCounts(database)).toEqual(before);
  });

  it('answers malformed JSON with 400, a wrong content type with 415, an oversized body with 413', async () => {
    const malformed = await request(app).post('/v1/events').set(auth).set('Content-Type', 'application/json').send('{"events": [');
    expect(malformed.status).toBe(400);
    expect(malformed.body.type).toBe('urn:problem:malformed-json');
    const text = await request(app).post('/v1/events').set(auth).set('Content-Type', 'text/plain').send('hello');
    expect(text.status).toBe(415);
    const huge = await request(app).post('/v1/users').set(auth).send({ users: Array.from({ length: 5000 }, (_, i) => ({ id: `user-${i}`, attributes: { bio: 'x'.repeat(60) } })) });
    expect(huge.status).toBe(413);
    expect(JSON.stringify(huge.body)).not.toMatch(/at .*\.ts|select|insert/i);
  });

  it('rejects a batch over 10,000 events', async () => {
    const events = Array.from({ length: 10_001 }, (_, i) => ({ user_id: 'u', item_id: 'f01', kind: 'view' }));
    const big = buildTestApp(database).app;
    const res = await request(big).post('/v1/events').set(auth).send({ events });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: 'body.events' });
  });

  it('answers unknown routes with 404 and known routes under another method with 405 and Allow', async () => {
    const missing = await request(app).get('/v1/nothing-here').set(auth);
    expect(missing.status).toBe(404);
    const wrongMethod = await request(app).put('/v1/items/f01').set(auth);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toContain('GET');
  });

  it('ingests events atomically and idempotently, creating unknown users', async () => {
    const batch = { events: [
      { key: 'e1', user_id: 'alice', item_id: 'f01', kind: 'view', value: 0.9, occurred_at: '2026-01-01T10:00:00Z' },
      { key: 'e2', user_id: 'alice', item_id: 't1', kind: 'listen', value: 12, occurred_at: '2026-01-01T11:00:00Z' },
      { user_id: 'bob', item_id: 'f02', kind: 'rating', value: 5, occurred_at: '2026-01-02T10:00:00Z' },
    ] };
    const first = await request(app).post('/v1/events').set(auth).send(batch).expect(200);
    expect(first.body).toEqual({ received: 3, inserted: 3, duplicates: 0, users_created: 2 });
    const second = await request(app).post('/v1/events').set(auth).send(batch).expect(200);
    expect(second.body).toEqual({ received: 3, inserted: 0, duplicates: 3, users_created: 0 });
    const alice = await request(app).get('/v1/users/alice').set(auth).expect(200);
    expect(alice.body.events).toEqual({ film: 1, music: 1 });
  });

  it('rejects unknown items, future events and duplicate keys, leaving the database as it was; a fixed retry stores once', async () => {
    const before = await tableCounts(database);
    const unknown = await request(app).post('/v1/events').set(auth).send({ events: [
      { key: 'r1', user_id: 'carol', item_id: 'f03', kind: 'view', value: 1 },
      { key: 'r2', user_id: 'carol', item_id: 'missing-item', kind: 'view' },
    ] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ path: 'body.events.1.item_id', message: 'unknown item missing-item' }]);
    const future = await request(app).post('/v1/events').set(auth).send({ events: [
      { key: 'r1', user_id: 'carol', item_id: 'f03', kind: 'view', occurred_at: new Date(Date.now() + 3_600_000).toISOString() },
    ] });
    expect(future.status).toBe(422);
    expect(future.body.errors[0].path).toBe('body.events.0.occurred_at');
    const duplicate = await request(app).post('/v1/events').set(auth).send({ events: [
      { key: 'r1', user_id: 'carol', item_id: 'f03', kind: 'view' },
      { key: 'r1', user_id: 'carol', item_id: 'f04', kind: 'view' },
    ] });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.errors[0].path).toBe('body.events.1.key');
    expect(await tableCounts(database)).toEqual(before);

    const fixed = { events: [{ key: 'r1', user_id: 'carol', item_id: 'f03', kind: 'view', value: 1 }, { key: 'r2', user_id: 'carol', item_id: 'f04', kind: 'view' }] };
    expect((await request(app).post('/v1/events').set(auth).send(fixed)).body.inserted).toBe(2);
    expect((await request(app).post('/v1/events').set(auth).send(fixed)).body.duplicates).toBe(2);
    const after = await tableCounts(database);
    expect(after.events).toBe(before.events + 2);
  });

  it('pages through a history newest first', async () => {
    const events = Array.from({ length: 25 }, (_, i) => ({ key: `h${i}`, user_id: 'dave', item_id: films[i]!.id, kind: 'view', value: 1, occurred_at: new Date(Date.UTC(2026, 0, 1 + (i % 10))).toISOString() }));
    await request(app).post('/v1/events').set(auth).send({ events }).expect(200);
    const keys: string[] = [];
    let before: string | null = null;
    do {
      const page: request.Response = await request(app).get('/v1/users/dave/history').query({ limit: 10, domain: 'film', ...(before ? { before } : {}) }).set(auth).expect(200);
      keys.push(...page.body.events.map((event: { key: string }) => event.key));
      before = page.body.next_before;
    } while (before);
    expect(keys).toHaveLength(25);
    expect(new Set(keys).size).toBe(25);
    const dates = (await request(app).get('/v1/users/dave/history').query({ limit: 25 }).set(auth)).body.events.map((event: { occurred_at: string }) => event.occurred_at);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect((await request(app).get('/v1/users/nobody/history').set(auth)).status).toBe(404);
  });

  it('erases a user and all their events in one request', async () => {
    const res = await request(app).delete('/v1/users/alice').set(auth).expect(200);
    expect(res.body).toEqual({ user_id: 'alice', events_deleted: 2 });
    expect((await request(app).get('/v1/users/alice').set(auth)).status).toBe(404);
    const { rows } = await sql<{ n: number }>`select count(*) as n from events where user_id = 'alice'`.execute(database.db);
    expect(rows[0]!.n).toBe(0);
  });

  it('reports readiness, metrics and an OpenAPI document listing every route', async () => {
    const ready = await request(app).get('/readyz').expect(200);
    expect(ready.body).toMatchObject({ status: 'ready', database: { migrations_pending: [] } });
    const metrics = await request(app).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/http_requests_total\{method="POST",route="\/v1\/events",status="200"\}/);
    expect(metrics.text).toMatch(/events_ingested_total\{outcome="inserted"\} \d+/);
    const doc = await request(app).get('/openapi.json').expect(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/v1/items', '/v1/items/{id}', '/v1/users', '/v1/users/{id}', '/v1/events', '/v1/users/{id}/history']));
    expect(doc.body.paths['/v1/events'].post.requestBody.content['application/json'].schema.properties.events.maxItems).toBe(10_000);
  });
});
