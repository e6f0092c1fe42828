import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATASET_ARCHIVES, resolveDatasetUrl, type DatasetArchive } from '../../../src/importers/dataset-archives.ts';
import { downloadDataset } from '../../../src/importers/download-dataset.ts';
import { DownloadError } from '../../../src/importers/download-error.ts';
import { openMovieLensSource } from '../../../src/importers/movielens-source.ts';
import { makeTempDir } from '../../unit/importers/write-fixtures.ts';
import { buildTarGz, buildZip } from './write-archives.ts';

const md5 = (bytes: Buffer): string => createHash('md5').update(bytes).digest('hex');
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

const bigData = Buffer.alloc(300_000, 'x'); // several chunks, streams through the inflater
const zip = buildZip([
  { name: 'ml-100k/' },
  { name: 'ml-100k/u.data', data: '1\t10\t5\t881250949\n' },
  { name: 'ml-100k/u.item', data: Buffer.from(`10|Café (1995)|01-Jan-1995||x|${Array(19).fill('0').join('|')}\n`, 'latin1') },
  { name: 'ml-100k/big.bin', data: bigData },
  { name: 'ml-100k/u.info', data: '943 users\n', stored: true },
  { name: '__MACOSX/ml-100k/._u.data', data: 'resource fork' },
]);
const tarGz = buildTarGz([
  { name: 'cifar-10-batches-bin/' },
  { name: 'cifar-10-batches-bin/batches.meta.txt', data: 'airplane\nautomobile\n' },
  { name: 'cifar-10-batches-bin/data_batch_1.bin', data: Buffer.alloc(3073 * 3, 7) },
]);
const evilZip = buildZip([{ name: 'ok.txt', data: 'fine' }, { name: '../escaped.txt', data: 'nope' }]);
const corruptZip = Buffer.from(buildZip([{ name: 'a.txt', data: 'hello hello hello', stored: true }]));
corruptZip[30 + 'a.txt'.length + 2]! ^= 0xff; // flip a byte of the stored data: its CRC-32 no longer matches

let server: Server;
let base: string;
const requests: string[] = [];

beforeAll(async () => {
  const app = express();
  app.use((request, _response, next) => {
    requests.push(request.path);
    next();
  });
  app.get('/files/ml-100k.zip', (_request, response) => void response.type('application/zip').send(zip));
  app.get('/files/cifar-10-binary.tar.gz', (_request, response) => void response.type('application/gzip').send(tarGz));
  app.get('/files/evil.zip', (_request, response) => void response.send(evilZip));
  app.get('/files/corrupt.zip', (_request, response) => void response.send(corruptZip));
  app.get('/files/not-a-tar.tar.gz', (_request, response) => void response.send(zip));
  app.get('/files/truncated.zip', (_request, response) => {
    response.setHeader('content-length', String(zip.length));
    response.write(zip.subarray(0, 100));
    response.destroy();
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/files`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const archive = (overrides: Partial<DatasetArchive>): DatasetArchive => ({
  name: 'test-set',
  url: 'https://files.example.invalid/datasets/ml-100k.zip',
  format: 'zip',
  checksumSource: 'test table',
  ...overrides,
});

/** What a failed download may leave in the parent folder: nothing but what was there before. */
const leftovers = (parent: string): string[] => readdirSync(parent);

describe('downloadDataset', () => {
  it('downloads a zip from the local server, checks its MD5, unpacks it without the top folder', async () => {
    const parent = makeTempDir('streamrec-download-');
    const destination = join(parent, 'movielens-100k');
    const result = await downloadDataset({ archive: archive({ md5: md5(zip) }), destination, url: `${base}/ml-100k.zip` });
    expect(result).toMatchObject({ bytes: zip.length, md5: md5(zip), sha256: sha256(zip), files: 4, verifiedBy: ['md5 (test table)'] });
    expect(readdirSync(destination).sort()).toEqual(['big.bin', 'u.data', 'u.info', 'u.item']);
    expect(readFileSync(join(destination, 'u.info'), 'utf8')).toBe('943 users\n');
    expect(readFileSync(join(destination, 'big.bin'))).toEqual(bigData);
    expect(leftovers(parent)).toEqual(['movielens-100k']);
    const source = await openMovieLensSource(destination);
    expect(source.name).toBe('movielens ml-100k');
  });

  it('unpacks a tar.gz checked by sha256', async () => {
    const parent = makeTempDir('streamrec-download-');
    const destination = join(parent, 'cifar-10');
    const result = await downloadDataset({
      archive: archive({ format: 'tar.gz', url: 'https://x.invalid/cifar-10-binary.tar.gz', sha256: sha256(tarGz) }),
      destination,
      url: `${base}/cifar-10-binary.tar.gz`,
    });
    expect(result.files).toBe(2);
    expect(readFileSync(join(destination, 'batches.meta.txt'), 'utf8')).toBe('airplane\nautomobile\n');
    expect(readFileSync(join(destination, 'data_batch_1.bin'))).toEqual(Buffer.alloc(3073 * 3, 7));
    expect(leftovers(parent)).toEqual(['cifar-10']);
  });

  it('fails on a wrong checksum and leaves nothing in place', async () => {
    const parent = makeTempDir('streamrec-download-');
    const destination = join(parent, 'movielens-100k');
    const error = await downloadDataset({ archive: archive({ md5: '0'.repeat(32) }), destination, url: `${base}/ml-100k.zip` }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as Error).message).toBe(`checksum mismatch for ml-100k.zip: md5 ${md5(zip)}, expected ${'0'.repeat(32)} (test table)`);
    expect(existsSync(destination)).toBe(false);
    expect(leftovers(parent)).toEqual([]);
  });

  it('reports a 404 clearly and leaves nothing in place', async () => {
    const parent = makeTempDir('streamrec-download-');
    const destination = join(parent, 'nothing');
    await expect(downloadDataset({ archive: archive({ md5: md5(zip) }), destination, url: `${base}/missing.zip` })).rejects.toThrow(
      `GET ${base}/missing.zip: HTTP 404 Not Found`,
    );
    expect(leftovers(parent)).toEqual([]);
  });

  it('reports a refused connection and a truncated transfer', async () => {
    const parent = makeTempDir('streamrec-download-');
    const closed = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => closed.once('listening', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = `http://127.0.0.1:${port}/ml-100k.zip`;
    await expect(downloadDataset({ archive: archive({ md5: md5(zip) }), destination: join(parent, 'a'), url: refused })).rejects.toThrow(
      `GET ${refused}: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
    await expect(downloadDataset({ archive: archive({ md5: md5(zip) }), destination: join(parent, 'b'), url: `${base}/truncated.zip` })).rejects.toThrow(
      DownloadError,
    );
    expect(leftovers(parent)).toEqual([]);
  });

  it('refuses archive entries that escape the destination, leaving nothing behind', async () => {
    const parent = makeTempDir('streamrec-download-');
    const destination = join(parent, 'evil');
    await expect(downloadDataset({ archive: archive({ sha256: sha256(evilZip) }), destination, url: `${base}/evil.zip` })).rejects.toThrow(
      'archive entry "../escaped.txt" points outside the destination',
    );
    expect(leftovers(parent)).toEqual([]);
  });

  it('fails on a corrupt entry or an archive of the wrong format, leaving nothing behind', async () => {
    const parent = makeTempDir('streamrec-download-');
    await expect(
      downloadDataset({ archive: archive({ sha256: sha256(corruptZip) }), destination: join(parent, 'a'), url: `${base}/corrupt.zip` }),
    ).rejects.toThrow(/entry "a\.txt" is corrupt \(CRC-32 or size mismatch\)/);
    await expect(
      downloadDataset({
        archive: archive({ format: 'tar.gz', url: 'https://x.invalid/not-a-tar.tar.gz', sha256: sha256(zip) }),
        destination: join(parent, 'b'),
        url: `${base}/not-a-tar.tar.gz`,
      }),
    ).rejects.toThrow(DownloadError);
    expect(leftovers(parent)).toEqual([]);
  });

  it('keeps a non-empty destination unless forced, then replaces it', async () => {
    const parent = makeTempDir('streamrec-download-');
    const destination = join(parent, 'movielens-100k');
    const options = { archive: archive({ md5: md5(zip) }), destination, url: `${base}/ml-100k.zip` };
    await downloadDataset(options);
    writeFileSync(join(destination, 'stale.txt'), 'old');
    await expect(downloadDataset(options)).rejects.toThrow(/already exists and is not empty \(pass --force to replace it\)/);
    await downloadDataset({ ...options, force: true });
    expect(existsSync(join(destination, 'stale.txt'))).toBe(false);
    expect(leftovers(parent)).toEqual(['movielens-100k']);
  });

  it('pins the sha256 of an archive with no known checksum on first download, and checks it afterwards', async () => {
    const parent = makeTempDir('streamrec-download-');
    const unpinned = archive({ url: 'https://x.invalid/ml-100k.zip' });
    const first = await downloadDataset({ archive: unpinned, destination: join(parent, 'one'), url: `${base}/ml-100k.zip` });
    const pinFile = join(parent, '.download-checksums.json');
    expect(first.verifiedBy).toEqual([`none known: sha256 pinned now in ${pinFile}`]);
    expect(JSON.parse(readFileSync(pinFile, 'utf8'))).toEqual({ 'ml-100k.zip': sha256(zip) });

    const again = await downloadDataset({ archive: unpinned, destination: join(parent, 'two'), url: `${base}/ml-100k.zip` });
    expect(again.verifiedBy).toEqual([`sha256 (pinned in ${pinFile})`]);
    writeFileSync(pinFile, JSON.stringify({ 'ml-100k.zip': 'f'.repeat(64) }));
    await expect(downloadDataset({ archive: unpinned, destination: join(parent, 'three'), url: `${base}/ml-100k.zip` })).rejects.toThrow(
      /checksum mismatch for ml-100k\.zip: sha256 .*, expected f{64} \(pinned in/,
    );
    await expect(
      downloadDataset({ archive: unpinned, destination: join(parent, 'four'), url: `${base}/ml-100k.zip`, pinFile: false }),
    ).rejects.toThrow(/no checksum is known for ml-100k\.zip/);
    expect(leftovers(parent).sort()).toEqual(['.download-checksums.json', 'one', 'two']);
  });
});

describe('resolveDatasetUrl', () => {
  it('uses the official URL unless DOWNLOAD_URL_<NAME> or DOWNLOAD_BASE_URL says otherwise', () => {
    const ml = DATASET_ARCHIVES['movielens-100k'];
    expect(resolveDatasetUrl(ml, {})).toBe('https://files.grouplens.org/datasets/movielens/ml-100k.zip');
    expect(resolveDatasetUrl(ml, { DOWNLOAD_BASE_URL: 'http://127.0.0.1:9/mirror/' })).toBe('http://127.0.0.1:9/mirror/ml-100k.zip');
    expect(resolveDatasetUrl(ml, { DOWNLOAD_BASE_URL: 'http://a/', DOWNLOAD_URL_MOVIELENS_100K: 'http://b/x.zip' })).toBe('http://b/x.zip');
    expect(resolveDatasetUrl(DATASET_ARCHIVES['cifar-10'], { DOWNLOAD_BASE_URL: 'http://m' })).toBe('http://m/cifar-10-binary.tar.gz');
  });
});
