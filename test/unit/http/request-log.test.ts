import { Writable } from 'node:stream';
import express from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { requestLog } from '../../../src/http/request-log.ts';

function appLogging(level: string) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({ write: (chunk, _encoding, done) => { lines.push(JSON.parse(String(chunk)) as Record<string, unknown>); done(); } });
  const app = express();
  app.use(requestLog(pino({ level }, sink)));
  app.get('/ok', (req, res) => { res.json({ id: req.id }); });
  return { app, lines };
}

describe('requestLog', () => {
  it('echoes the caller’s x-request-id and exposes it as req.id', async () => {
    const { app } = appLogging('info');
    const response = await request(app).get('/ok').set('x-request-id', 'trace-123').expect(200);
    expect(response.headers['x-request-id']).toBe('trace-123');
    expect(response.body).toEqual({ id: 'trace-123' });
  });

  it('gives a request without one a fresh UUID', async () => {
    const { app } = appLogging('info');
    const first = await request(app).get('/ok');
    const second = await request(app).get('/ok');
    expect(first.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
  });

  it('logs 4xx at info with status and URL, and successes only at debug', async () => {
    const info = appLogging('info');
    await request(info.app).get('/ok?x=1');
    await request(info.app).get('/missing').set('authorization', 'Bearer secret-key');
    expect(info.lines).toHaveLength(1);
    expect(info.lines[0]).toMatchObject({ level: 30, method: 'GET', url: '/missing', status: 404, msg: 'request completed' });
    expect(JSON.stringify(info.lines[0])).not.toContain('secret-key');

    const debug = appLogging('debug');
    await request(debug.app).get('/ok?x=1');
    expect(debug.lines[0]).toMatchObject({ level: 20, url: '/ok?x=1', status: 200 });
    expect(typeof debug.lines[0]!.ms).toBe('number');
  });
});
