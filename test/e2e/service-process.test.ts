import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';

const dataDir = mkdtempSync(join(tmpdir(), 'streamrec-process-'));

/** Starts `npm start`'s entry point on embedded defaults in a temp dir; resolves once it listens. */
function startService(extraArgs: string[] = []) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--no-demo', ...extraArgs], {
    env: { ...process.env, PORT: '0', EMBEDDED_DATA_DIR: join(dataDir, 'pglite'), LOG_LEVEL: 'info', DATABASE_URL: '', REDIS_URL: '', API_KEY: '', ADMIN_API_KEY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      if (line.includes('"msg":"listening"')) resolve(Number(new URL(JSON.parse(line).url).port));
    });
    child.stderr!.on('data', (chunk) => lines.push(String(chunk)));
    void exited.then((code) => reject(new Error(`exited ${code}: ${lines.join('\n')}`)));
  });
  return { child, lines, listening, exited };
}

describe('the service process on embedded defaults', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints generated keys once, finishes requests in flight on SIGTERM, turns unready, and exits 0', async () => {
    const first = startService();
    const port = await first.listening;
    expect(first.lines.join('\n')).toMatch(/Generated API keys[\s\S]*API_KEY=sk_/);
    const apiKey = /API_KEY=(sk_\S+)/.exec(first.lines.join('\n'))![1]!;
    const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
    await fetch(`http://127.0.0.1:${port}/v1/items`, { method: 'POST', headers, body: JSON.stringify({ items: [{ id: 'f1', domain: 'film', title: 'F' }] }) });
    const events = Array.from({ length: 10_000 }, (_, i) => ({ key: `k${i}`, user_id: `u${i % 100}`, item_id: 'f1', kind: 'view', value: 1 }));
    const inFlight = fetch(`http://127.0.0.1:${port}/v1/events`, { method: 'POST', headers, body: JSON.stringify({ events }) });
    await new Promise((resolve) => setTimeout(resolve, 50));
    first.child.kill('SIGTERM');
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(((await response.json()) as { inserted: number }).inserted).toBe(10_000);
    expect(await first.exited).toBe(0);
    expect(first.lines.join('\n')).toContain('"msg":"draining"');

    const second = startService();
    await second.listening;
    expect(second.lines.join('\n')).not.toContain('Generated API keys');
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  }, 180_000);

  it('refuses to start with a malformed setting, in one line naming it', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { ...process.env, PORT: 'abc' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(/^invalid configuration: PORT="abc": /);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});
