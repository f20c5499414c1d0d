import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { BuiltinHyperparameters } from '../../../../src/core/schemas/hyperparameters';
import {
  CheckpointError,
  inferenceTensors,
  readCheckpoint,
  removeOrphans,
  saveCheckpoint,
} from '../../../../src/engine/checkpoint';
import type { HostTensor, SidecarContents } from '../../../../src/engine/checkpoint';

const contents = (epoch = 1): SidecarContents => ({
  backend: 'cpu',
  model: {
    task: 'classification',
    arch: 'cls-s',
    numClasses: 2,
    inputSize: 32,
    seed: 3,
    classes: ['a', 'b'],
  },
  hyperparameters: BuiltinHyperparameters.parse({ epochs: 4 }),
  position: {
    epoch,
    stepInEpoch: 2,
    stepsPerEpoch: 2,
    epochComplete: true,
    globalStep: 2 * epoch,
    learningRate: 0.001,
  },
  metric: { name: 'val_accuracy', value: 0.5 },
  random: { algorithm: 'test', seed: 3, shuffleSeed: 1, augmentationSeed: 2 },
});

const tensors = (offset = 0): HostTensor[] => [
  {
    name: 'conv.kernel',
    group: 'weights',
    shape: [2, 3],
    values: Float32Array.from([1, 2, 3, 4, 5, 6 + offset]),
  },
  { name: 'bn.moving_mean', group: 'state', shape: [2], values: Float32Array.from([0.5, -0.5]) },
  { name: 'conv.kernel', group: 'ema', shape: [2, 3], values: Float32Array.from([1, 1, 1, 1, 1, 1]) },
  { name: 'bn.moving_mean', group: 'ema', shape: [2], values: Float32Array.from([0, 0]) },
  { name: 'counter', group: 'optimizer', shape: [], values: Int32Array.from([7]) },
];

let folder: string;
const files = () => fs.readdirSync(folder).sort();

function expectCheckpointError(file: string, pattern: RegExp) {
  assert.throws(
    () => readCheckpoint(file),
    (error: unknown) => {
      assert.ok(error instanceof CheckpointError, String(error));
      assert.equal(error.problem.file, path.resolve(file));
      assert.match(error.message, pattern);
      assert.ok(error.problem.hint.length > 0);
      return true;
    },
  );
}

describe('checkpoint files', () => {
  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'checkpoint-'));
  });
  afterEach(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('round-trips tensors and sidecar, with a content-addressed tensor file', () => {
    const sidecarPath = saveCheckpoint(folder, 'last', contents(), tensors());
    assert.equal(sidecarPath, path.join(folder, 'last.json'));
    const [tensorFile] = files().filter((file) => file.endsWith('.bin'));
    assert.match(tensorFile ?? '', /^last\.[0-9a-f]{8}\.bin$/);
    const loaded = readCheckpoint(sidecarPath);
    assert.deepEqual(
      loaded.tensors.map(({ name, group, shape, values }) => [name, group, shape, Array.from(values)]),
      tensors().map(({ name, group, shape, values }) => [name, group, shape, Array.from(values)]),
    );
    assert.ok(loaded.tensors[4]?.values instanceof Int32Array);
    assert.equal(loaded.sidecar.position.epoch, 1);
    assert.equal(loaded.sidecar.tensorFile.file, tensorFile);
    assert.deepEqual(
      loaded.sidecar.tensors.map(({ byteOffset, byteLength }) => [byteOffset, byteLength]),
      [
        [0, 24],
        [24, 8],
        [32, 24],
        [56, 8],
        [64, 4],
      ],
    );
    assert.deepEqual(
      inferenceTensors(loaded).map(({ name, group }) => `${group}/${name}`),
      ['ema/conv.kernel', 'ema/bn.moving_mean'],
    );
  });

  it('a new save replaces the tensor file the old sidecar named, and leaves nothing else', () => {
    saveCheckpoint(folder, 'last', contents(1), tensors(0));
    const first = files();
    saveCheckpoint(folder, 'last', contents(2), tensors(1));
    const second = files();
    assert.equal(second.length, 2);
    assert.notDeepEqual(second, first);
    assert.equal(readCheckpoint(path.join(folder, 'last.json')).sidecar.position.epoch, 2);
    saveCheckpoint(folder, 'epoch_1', contents(1), tensors(0));
    saveCheckpoint(folder, 'epoch_10', contents(10), tensors(0));
    assert.equal(files().length, 6, 'epoch_1 and epoch_10 are different checkpoints');
  });

  it('cleans up what a killed save leaves behind: temporary files and unnamed tensor files', () => {
    saveCheckpoint(folder, 'last', contents(), tensors());
    saveCheckpoint(folder, 'best', contents(), tensors());
    const kept = files();
    const leftovers = [
      'last.0badc0de.bin',
      'last.json.4242.1763900000000.tmp',
      'last.0badc0de.bin.4242.1763900000000.tmp',
      'epoch_3.12345678.bin',
      'epoch_3.json.99.1763900000001.tmp',
    ];
    for (const file of [...leftovers, 'notes.txt', 'other.12345678.bin'])
      fs.writeFileSync(path.join(folder, file), 'x');
    assert.ok(readCheckpoint(path.join(folder, 'last.json')), 'leftovers never break a checkpoint');
    removeOrphans(folder);
    assert.deepEqual(files(), [...kept, 'notes.txt', 'other.12345678.bin'].sort());
    // A save cleans its own name's leftovers too.
    fs.writeFileSync(path.join(folder, 'best.0badc0de.bin'), 'x');
    saveCheckpoint(folder, 'best', contents(3), tensors(3));
    assert.equal(files().filter((file) => file.startsWith('best.')).length, 2);
  });

  it('leaves the files of a sidecar it cannot read alone', () => {
    fs.writeFileSync(path.join(folder, 'best.json'), '{ damaged');
    fs.writeFileSync(path.join(folder, 'best.12345678.bin'), 'x');
    removeOrphans(folder);
    assert.ok(files().includes('best.12345678.bin'));
  });

  it('refuses a damaged tensor file: wrong size, wrong hash, missing', () => {
    const sidecarPath = saveCheckpoint(folder, 'last', contents(), tensors());
    const tensorPath = path.join(folder, readCheckpoint(sidecarPath).sidecar.tensorFile.file);
    const bytes = fs.readFileSync(tensorPath);
    fs.writeFileSync(tensorPath, bytes.subarray(0, bytes.length - 4));
    expectCheckpointError(sidecarPath, /has 64 bytes, the checkpoint expects 68/);
    const flipped = Buffer.from(bytes);
    flipped[3] = (flipped[3] ?? 0) ^ 1;
    fs.writeFileSync(tensorPath, flipped);
    expectCheckpointError(sidecarPath, /does not match the checkpoint's sha256/);
    fs.rmSync(tensorPath);
    expectCheckpointError(sidecarPath, /is missing/);
  });

  it('refuses sidecars that are missing, not JSON, not ours, newer or invalid, naming the field', () => {
    const sidecarPath = saveCheckpoint(folder, 'last', contents(), tensors());
    const good = JSON.parse(fs.readFileSync(sidecarPath, 'utf8')) as Record<string, unknown>;
    const write = (name: string, value: unknown) => {
      const file = path.join(folder, name);
      fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
      return file;
    };
    expectCheckpointError(path.join(folder, 'nothing.json'), /does not exist/);
    expectCheckpointError(write('a.json', '{"format": '), /not valid JSON/);
    expectCheckpointError(write('b.json', { hello: 1 }), /not a Train Studio checkpoint/);
    expectCheckpointError(write('c.json', { ...good, formatVersion: 2 }), /format version 2, newer/);
    const position = { ...(good.position as object), epoch: 0 };
    expectCheckpointError(write('d.json', { ...good, position }), /at 'position\.epoch'/);
    expectCheckpointError(path.join(folder, good.tensorFile ? 'x.bin' : ''), /sidecar/);
    const tensorsField = [
      { name: 'w', group: 'weights', shape: [100], dtype: 'float32', byteOffset: 0, byteLength: 400 },
    ];
    expectCheckpointError(write('e.json', { ...good, tensors: tensorsField }), /beyond the end/);
  });
});
