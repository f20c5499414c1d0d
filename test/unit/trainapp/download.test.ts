import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { userCacheDir } from '../../../src/trainapp/modelSource/cacheDir';
import { DownloadError, cachedPathOf, downloadToCache } from '../../../src/trainapp/modelSource/download';
import type { DownloadProgress } from '../../../src/trainapp/modelSource/download';

const WEIGHTS = Buffer.alloc(300_000, 7);

describe('downloadToCache against a real HTTP server', () => {
  let server: http.Server;
  let base = '';
  const hits = new Map<string, number>();

  before(async () => {
    server = http.createServer((request, response) => {
      const url = request.url ?? '/';
      hits.set(url, (hits.get(url) ?? 0) + 1);
      if (url === '/weights.bin') {
        response.writeHead(200, { 'content-length': WEIGHTS.length });
        response.end(WEIGHTS);
      } else if (url === '/moved') {
        response.writeHead(302, { location: '/weights.bin' });
        response.end();
      } else if (url === '/loop') {
        response.writeHead(302, { location: '/loop' });
        response.end();
      } else if (url === '/truncated.bin') {
        response.writeHead(200, { 'content-length': 1000 });
        response.write(Buffer.alloc(400));
        setTimeout(() => response.destroy(), 20);
      } else {
        response.writeHead(404);
        response.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  });
  after(() => server.close());

  const freshCache = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ts-download-'));

  it('downloads with monotonic progress, then serves the cached copy without a request', async () => {
    const cacheDir = freshCache();
    const progress: DownloadProgress[] = [];
    const file = await downloadToCache(`${base}/weights.bin`, {
      cacheDir,
      onProgress: (p) => progress.push(p),
    });
    assert.deepEqual(fs.readFileSync(file), WEIGHTS);
    assert.equal(file, cachedPathOf(`${base}/weights.bin`, cacheDir));
    assert.ok(progress.length > 1, 'several progress reports for 300 KB');
    assert.equal(progress.at(-1)?.receivedBytes, WEIGHTS.length);
    assert.equal(progress[0]?.totalBytes, WEIGHTS.length);
    progress.slice(1).forEach((p, i) => {
      assert.ok(p.receivedBytes > (progress[i]?.receivedBytes ?? 0));
    });

    const before = hits.get('/weights.bin');
    assert.equal(await downloadToCache(`${base}/weights.bin`, { cacheDir }), file);
    assert.equal(hits.get('/weights.bin'), before, 'no second request');
  });

  it('follows redirects and names the file after the URL asked for', async () => {
    const file = await downloadToCache(`${base}/moved`, { cacheDir: freshCache() });
    assert.deepEqual(fs.readFileSync(file), WEIGHTS);
  });

  it('reports HTTP errors, redirect loops and truncated bodies, and caches nothing', async () => {
    const cacheDir = freshCache();
    const cases: [string, RegExp][] = [
      ['/missing.bin', /HTTP 404/],
      ['/loop', /more than 5 redirects/],
      ['/truncated.bin', /closed after 400 of 1000 bytes|aborted|socket hang up/],
    ];
    for (const [route, message] of cases) {
      await assert.rejects(downloadToCache(`${base}${route}`, { cacheDir }), (error: unknown) => {
        assert.ok(error instanceof DownloadError);
        assert.match(error.message, message);
        assert.match(error.message, new RegExp(`Could not download ${base}${route}`));
        assert.match(error.hint, /local path in models\.json/);
        return true;
      });
    }
    const leftovers = fs
      .readdirSync(cacheDir, { recursive: true })
      .map(String)
      .filter((f) => /\.(bin|part)$/.test(f));
    assert.deepEqual(leftovers, []);
  });

  it('refuses schemes it cannot fetch, and unreachable hosts get the network hint', async () => {
    await assert.rejects(
      downloadToCache('ftp://example.invalid/w.bin', { cacheDir: freshCache() }),
      /unsupported scheme 'ftp:'/,
    );
    await assert.rejects(
      downloadToCache('http://127.0.0.1:1/w.bin', { cacheDir: freshCache() }),
      (error: unknown) => error instanceof DownloadError && error.message.includes('ECONNREFUSED'),
    );
  });
});

describe('userCacheDir', () => {
  it('follows the override, then each platform’s convention', () => {
    assert.equal(userCacheDir({ TRAIN_STUDIO_CACHE: '/data/cache' }, 'linux'), '/data/cache');
    assert.equal(userCacheDir({ XDG_CACHE_HOME: '/x' }, 'linux'), '/x/train-studio');
    assert.equal(userCacheDir({}, 'linux'), path.join(os.homedir(), '.cache', 'train-studio'));
    assert.equal(userCacheDir({}, 'darwin'), path.join(os.homedir(), 'Library', 'Caches', 'train-studio'));
    assert.match(
      userCacheDir({ LOCALAPPDATA: 'C:\\Users\\me\\AppData\\Local' }, 'win32'),
      /train-studio.Cache$/,
    );
  });
});
