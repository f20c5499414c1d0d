import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadCheckpoint } from '../../src/engine/train';
import { DownloadError } from '../../src/trainapp/modelSource/download';
import { CheckpointSourceError, resolveCheckpoint } from '../../src/trainapp/modelSource/resolveCheckpoint';
import {
  classificationJob,
  hyperparameters,
  recordTraining,
  shapesDataset,
  temporaryFolder,
} from './support';

// A models.json checkpoint may be a URL: the sidecar and the tensor file it names are downloaded into the
// cache, checked, and load like a local checkpoint.

describe('checkpoint sources', () => {
  let folder: string;
  let checkpoints: string;
  let server: http.Server;
  let base = '';
  let tamper = false;

  before(async () => {
    folder = temporaryFolder('source');
    const outputDir = path.join(folder, 'run');
    const dataset = shapesDataset(folder, 4);
    await recordTraining(
      classificationJob(dataset, outputDir, { hyperparameters: hyperparameters({ epochs: 1 }) }),
    );
    checkpoints = path.join(outputDir, 'checkpoints');
    server = http.createServer((request, response) => {
      const file = path.join(checkpoints, path.basename(request.url ?? ''));
      if (!fs.existsSync(file)) {
        response.writeHead(404).end();
        return;
      }
      const body = fs.readFileSync(file);
      if (tamper && file.endsWith('.bin')) body[0] = (body[0] ?? 0) ^ 0xff;
      response.writeHead(200, { 'content-length': body.length }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  });
  after(() => {
    server.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const options = (cacheName: string) => ({ modelsJsonDir: folder, cacheDir: path.join(folder, cacheName) });

  it('downloads a remote checkpoint with its tensor file, and it loads with the same weights', async () => {
    const source = await resolveCheckpoint(`${base}/last.json`, options('cache-ok'));
    assert.equal(source.kind, 'file');
    const remote = loadCheckpoint(source.sidecarPath);
    const local = loadCheckpoint(path.join(checkpoints, 'last.json'));
    assert.deepEqual(remote.classes, local.classes);
    const values = (loaded: typeof remote) =>
      loaded.network.trainable.map(({ variable }) => Array.from(variable.dataSync()));
    assert.deepEqual(values(remote), values(local));
    remote.network.dispose();
    local.network.dispose();
  });

  it('refuses a tensor file that does not match its sidecar, and keeps nothing of it', async () => {
    tamper = true;
    try {
      await assert.rejects(resolveCheckpoint(`${base}/last.json`, options('cache-bad')), (error: unknown) => {
        assert.ok(error instanceof DownloadError);
        assert.match(error.message, /does not match the hash in the sidecar/);
        return true;
      });
    } finally {
      tamper = false;
    }
    const kept = fs.readdirSync(path.join(folder, 'cache-bad'), { recursive: true }).map(String);
    assert.ok(!kept.some((name) => name.endsWith('.bin')), kept.join(', '));
  });

  it('says what a checkpoint URL must point at when it is not a sidecar', async () => {
    fs.writeFileSync(path.join(checkpoints, 'other.json'), '{"hello": 1}');
    await assert.rejects(
      resolveCheckpoint(`${base}/other.json`, options('cache-other')),
      (error: unknown) => {
        assert.ok(error instanceof CheckpointSourceError);
        assert.match(error.message, /not a Train Studio checkpoint sidecar/);
        assert.match(error.hint, /\.json sidecar/);
        return true;
      },
    );
  });

  it('says the same of a web page, and does not keep it in the cache', async () => {
    fs.writeFileSync(path.join(checkpoints, 'page.json'), '<!DOCTYPE html><html></html>');
    const cacheDir = path.join(folder, 'cache-page');
    await assert.rejects(resolveCheckpoint(`${base}/page.json`, options('cache-page')), (error: unknown) => {
      assert.ok(error instanceof CheckpointSourceError);
      assert.match(error.message, /not a Train Studio checkpoint sidecar/);
      return true;
    });
    const kept = fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir, { recursive: true }).map(String) : [];
    assert.ok(!kept.some((name) => name.endsWith('.json')), kept.join(', '));
  });

  it('resolves scratch:// and local paths, and names a missing local file', async () => {
    assert.deepEqual(await resolveCheckpoint('scratch://', options('cache-local')), { kind: 'scratch' });
    const local = await resolveCheckpoint('run/checkpoints/last.json', options('cache-local'));
    assert.deepEqual(local, { kind: 'file', sidecarPath: path.join(checkpoints, 'last.json') });
    await assert.rejects(
      resolveCheckpoint('nowhere/best.json', options('cache-local')),
      /does not exist \(looked for/,
    );
  });
});
