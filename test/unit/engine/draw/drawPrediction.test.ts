import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { drawPrediction } from '../../../../src/engine/draw/drawPrediction';

const CLASSES = [
  { name: 'circle', color: '#ff0000' },
  { name: 'square', color: '#0000ff' },
];

/** A mid-grey 80×40 PNG. */
async function greyImage(folder: string): Promise<string> {
  const file = path.join(folder, 'grey.png');
  await sharp({ create: { width: 80, height: 40, channels: 3, background: { r: 128, g: 128, b: 128 } } })
    .png()
    .toFile(file);
  return file;
}

async function pixels(jpeg: Buffer) {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  const at = (x: number, y: number): [number, number, number] => {
    const offset = (y * info.width + x) * info.channels;
    return [data[offset] ?? 0, data[offset + 1] ?? 0, data[offset + 2] ?? 0];
  };
  return { info, at };
}

describe('drawPrediction', () => {
  let folder = '';
  let image = '';
  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'train-draw-'));
    image = await greyImage(folder);
  });
  after(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('draws a box in its class colour and leaves the rest of the image as it was', async () => {
    const jpeg = await drawPrediction({
      imagePath: image,
      prediction: {
        task: 'object detection',
        boxes: [{ x1: 40, y1: 20, x2: 70, y2: 38, classIndex: 1, score: 0.9 }],
      },
      classes: CLASSES,
    });
    const { info, at } = await pixels(jpeg);
    assert.deepEqual([info.width, info.height], [80, 40]);
    const [red, , blue] = at(55, 37);
    assert.ok(blue - red > 80, `the box's bottom edge is blue, got ${String(at(55, 37))}`);
    const centre = at(55, 29);
    assert.ok(
      centre.every((value) => Math.abs(value - 128) < 12),
      `inside the box is grey, got ${String(centre)}`,
    );
  });

  it('skips boxes under the score threshold', async () => {
    const jpeg = await drawPrediction({
      imagePath: image,
      prediction: {
        task: 'object detection',
        boxes: [{ x1: 40, y1: 20, x2: 70, y2: 38, classIndex: 1, score: 0.2 }],
      },
      classes: CLASSES,
      scoreThreshold: 0.5,
    });
    const { at } = await pixels(jpeg);
    assert.ok(at(55, 37).every((value) => Math.abs(value - 128) < 12));
  });

  it('blends a segmentation mask in the class colours, background untouched, and scales down to maxSide', async () => {
    const mask = new Uint8Array(80 * 40);
    for (let y = 0; y < 40; y++) for (let x = 0; x < 40; x++) mask[y * 80 + x] = 1;
    const jpeg = await drawPrediction({
      imagePath: image,
      prediction: { task: 'semantic segmentation', width: 80, height: 40, mask },
      classes: CLASSES,
      maxSide: 40,
    });
    const { info, at } = await pixels(jpeg);
    assert.deepEqual([info.width, info.height], [40, 20]);
    const [red, green] = at(8, 10);
    assert.ok(red > 170 && green < 100, `the class-1 half is reddened, got ${String(at(8, 10))}`);
    assert.ok(
      at(32, 10).every((value) => Math.abs(value - 128) < 12),
      'the background half stays grey',
    );
  });

  it('colours each class of a mask its own way, a value past the classes magenta, unscored pixels not at all', async () => {
    // Four vertical bands, 20 pixels each: class 2 (blue), background, a value no class has, unscored.
    const mask = new Uint8Array(80 * 40);
    for (let y = 0; y < 40; y++) {
      for (let x = 0; x < 80; x++) mask[y * 80 + x] = [2, 0, 7, 255][Math.floor(x / 20)] ?? 0;
    }
    const jpeg = await drawPrediction({
      imagePath: image,
      prediction: { task: 'semantic segmentation', width: 80, height: 40, mask },
      classes: CLASSES,
    });
    const { at } = await pixels(jpeg);
    const [red, green, blue] = at(10, 20);
    assert.ok(blue > 170 && red < 100 && green < 100, `class 2 is blued, got ${String(at(10, 20))}`);
    assert.ok(
      at(30, 20).every((value) => Math.abs(value - 128) < 12),
      'background stays grey',
    );
    const [magentaRed, magentaGreen, magentaBlue] = at(50, 20);
    assert.ok(magentaRed > 170 && magentaBlue > 170 && magentaGreen < 100, `got ${String(at(50, 20))}`);
    assert.ok(
      at(70, 20).every((value) => Math.abs(value - 128) < 12),
      'unscored pixels stay grey',
    );
  });

  it('puts a classification banner in the predicted class colour at the top left', async () => {
    const jpeg = await drawPrediction({
      imagePath: image,
      prediction: { task: 'classification', scores: Float32Array.from([0.1, 0.9]) },
      classes: CLASSES,
    });
    const { at } = await pixels(jpeg);
    const [red, , blue] = at(1, 1);
    assert.ok(blue > 180 && red < 90, `the banner is blue, got ${String(at(1, 1))}`);
  });

  it('fails with the path when the image cannot be read', async () => {
    await assert.rejects(
      drawPrediction({
        imagePath: path.join(folder, 'missing.png'),
        prediction: { task: 'classification', scores: Float32Array.from([1]) },
        classes: CLASSES,
      }),
      /missing\.png/,
    );
  });
});
