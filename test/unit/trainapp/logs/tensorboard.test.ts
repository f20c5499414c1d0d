import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { crc32c } from '../../../../src/trainapp/logs/tensorboard/crc32c';
import { TensorBoardWriter } from '../../../../src/trainapp/logs/tensorboard';
import { encodePng } from '../../../fixtures/png';
import { bitwiseCrc32c, CorruptRecord, readEventFile, readRecords } from './tensorboardReader';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-tensorboard-'));
after(() => {
  fs.rmSync(root, { recursive: true, force: true });
});
let folders = 0;
const freshFolder = () => path.join(root, String(++folders));

describe('CRC-32C', () => {
  it('gives the standard check value for "123456789", in the writer and in the test reader', () => {
    const check = new TextEncoder().encode('123456789');
    assert.equal(crc32c(check), 0xe3069283);
    assert.equal(bitwiseCrc32c(check), 0xe3069283);
  });

  it('agrees with the bitwise CRC on every tail length and on a large buffer', () => {
    const bytes = Uint8Array.from({ length: 70_000 }, (_, index) => (index * 2654435761) >>> 24);
    for (let length = 0; length <= 40; length++) {
      assert.equal(crc32c(bytes.subarray(3, 3 + length)), bitwiseCrc32c(bytes.subarray(3, 3 + length)));
    }
    assert.equal(crc32c(bytes), bitwiseCrc32c(bytes));
    assert.equal(crc32c(new Uint8Array(32)), 0x8a9136aa, 'RFC 3720 B.4: 32 bytes of zeros');
  });
});

describe('TensorBoardWriter', () => {
  const png = encodePng({
    width: 3,
    height: 2,
    channels: 3,
    data: Uint8Array.from({ length: 18 }, (_, i) => i * 9),
  });

  it('writes scalars and an image that an independent reader gets back exactly', () => {
    const folder = freshFolder();
    const writer = new TensorBoardWriter(folder, 1_700_000_000.5);
    writer.scalars(5, { 'train/loss': 0.4123, 'train/lr': 0.0012 }, 1_700_000_001.25);
    writer.scalars(0, { 'val/accuracy': 0 }, 1_700_000_002);
    writer.scalars(2 ** 40, { big: 123456.789 }, 1_700_000_003);
    writer.image('samples/prediction', 7, png, 3, 2, 1_700_000_004);
    writer.close();

    const name = path.basename(writer.file);
    assert.match(
      name,
      new RegExp(`^events\\.out\\.tfevents\\.1700000000\\.${os.hostname()}\\.${process.pid}\\.\\d+$`),
    );
    const events = readEventFile(fs.readFileSync(writer.file));
    assert.equal(events.length, 5);
    assert.deepEqual(events[0], {
      wallTime: 1_700_000_000.5,
      step: 0,
      fileVersion: 'brain.Event:2',
      values: [],
    });
    assert.deepEqual(events[1], {
      wallTime: 1_700_000_001.25,
      step: 5,
      values: [
        { tag: 'train/loss', simpleValue: Math.fround(0.4123) },
        { tag: 'train/lr', simpleValue: Math.fround(0.0012) },
      ],
    });
    assert.deepEqual(events[2]?.values, [{ tag: 'val/accuracy', simpleValue: 0 }], 'a zero is written');
    assert.equal(events[3]?.step, 2 ** 40);
    assert.equal(events[3].values[0]?.simpleValue, Math.fround(123456.789));
    const image = events[4]?.values[0];
    assert.equal(events[4]?.step, 7);
    assert.equal(image?.tag, 'samples/prediction');
    assert.deepEqual(
      { ...image.image, encoded: Buffer.from(image.image?.encoded ?? []) },
      { height: 2, width: 3, colorspace: 3, encoded: png },
    );
  });

  it('has each record on disk as soon as it is written, and skips an empty set of scalars', () => {
    const writer = new TensorBoardWriter(freshFolder());
    writer.scalars(1, { 'train/loss': 1 });
    writer.scalars(2, {});
    const events = readEventFile(fs.readFileSync(writer.file));
    writer.close();
    assert.deepEqual(
      events.map((event) => event.step),
      [0, 1],
    );
    assert.ok(Math.abs((events[1]?.wallTime ?? 0) - Date.now() / 1000) < 60, 'wall time defaults to now');
  });

  it('opens a new file for each writer, as a resumed run does', () => {
    const folder = freshFolder();
    const first = new TensorBoardWriter(folder, 1_700_000_000);
    const second = new TensorBoardWriter(folder, 1_700_000_000);
    first.close();
    second.close();
    assert.notEqual(first.file, second.file);
    assert.equal(fs.readdirSync(folder).length, 2);
  });

  it('lets the reader detect a changed byte anywhere, and a record cut by a crash', () => {
    const writer = new TensorBoardWriter(freshFolder());
    writer.scalars(1, { 'train/loss': 0.5 });
    writer.scalars(2, { 'train/loss': 0.25 });
    writer.close();
    const good = fs.readFileSync(writer.file);
    assert.equal(readRecords(good).length, 3);
    for (let offset = 0; offset < good.length; offset++) {
      const bad = Buffer.from(good);
      bad[offset] = (bad[offset] ?? 0) ^ 0x10;
      assert.throws(() => readRecords(bad), CorruptRecord, `a change at byte ${offset} goes unnoticed`);
    }
    assert.throws(() => readRecords(good.subarray(0, good.length - 3)), /truncated record/);
  });

  it('refuses what it cannot write correctly: an image that is not a PNG, a negative step, a closed file', () => {
    const writer = new TensorBoardWriter(freshFolder());
    assert.throws(() => {
      writer.image('x', 1, new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), 1, 1);
    }, /must be PNG/);
    assert.throws(() => {
      writer.scalars(-1, { a: 1 });
    }, RangeError);
    writer.close();
    assert.throws(() => {
      writer.scalars(1, { a: 1 });
    }, /was closed/);
    assert.equal(readRecords(fs.readFileSync(writer.file)).length, 1, 'nothing half-written');
  });
});
