// Image, mask and boxes go through the same geometry: a painted image with a known mask must stay pixel-
// aligned after letterboxing, flips and crops.
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { DatasetItem } from '../../../../src/data/model';
import type { ImageBatch } from '../../../../src/engine/contracts';
import { IGNORE_PIXEL } from '../../../../src/engine/contracts';
import { createPipeline } from '../../../../src/engine/pipeline';
import type { PipelineOptions } from '../../../../src/engine/pipeline';
import { box, makeItem, makeObject } from '../../data/handMadeIndex';
import type { Rgb } from './support';
import { collect, noise, temporaryFolder, writePng } from './support';

const INPUT = 64;
const PAD = Math.fround(114 / 255);
/** The filter's weights are discrete, so a pixel centred exactly on an edge is only about half in. */
const MARGIN = 0.05;
const NO_JITTER = { brightness: 0, contrast: 0, saturation: 0, hue: 0 };
const CLASSES = ['red', 'green', 'blue'];
const COLOURS: readonly Rgb[] = [
  [0, 0, 0],
  [255, 0, 0],
  [0, 255, 0],
  [0, 0, 255],
];
/** Inclusive pixel rectangles of each class, in CLASSES order. */
const RECTANGLES = [
  [10, 5, 39, 34],
  [50, 20, 89, 54],
  [60, 2, 69, 11],
] as const;

function pixel(batch: ImageBatch, x: number, y: number): Rgb {
  const at = (y * INPUT + x) * 3;
  const value = (offset: number) => (batch.images[at + offset] ?? NaN) * 255;
  return [value(0), value(1), value(2)];
}

function maskAt(batch: ImageBatch, x: number, y: number): number {
  assert.equal(batch.targets.task, 'semantic segmentation');
  return batch.targets.masks[y * INPUT + x] ?? NaN;
}

function isPure(colour: Rgb, expected: Rgb): boolean {
  return colour.every((value, channel) => Math.abs(value - (expected[channel] ?? 0)) < 8);
}

function paintedClass(x: number, y: number): number {
  const inside = RECTANGLES.findIndex(([l, t, r, b]) => x >= l && x <= r && y >= t && y <= b);
  return inside + 1;
}

describe('alignment of image, mask and boxes', () => {
  let blocks: DatasetItem;
  let noisy: DatasetItem;
  let noisyPixels: Uint8Array;

  before(async () => {
    const folder = temporaryFolder('alignment');
    const blocksPath = path.join(folder, 'blocks.png');
    await writePng(blocksPath, 100, 60, (x, y) => COLOURS[paintedClass(x, y)] ?? [0, 0, 0]);
    blocks = makeItem({
      name: 'blocks.png',
      imagePath: blocksPath,
      width: 100,
      height: 60,
      objects: RECTANGLES.map(([l, t, r, b], index) => makeObject(CLASSES[index] ?? '', box(l, t, r, b))),
    });
    const noisyPath = path.join(folder, 'noisy.png');
    noisyPixels = await writePng(noisyPath, 64, 32, (x, y) => [
      noise(x, y, 0),
      noise(x, y, 1),
      noise(x, y, 2),
    ]);
    noisy = makeItem({
      name: 'noisy.png',
      imagePath: noisyPath,
      width: 64,
      height: 32,
      objects: [makeObject('red', box(5, 3, 20, 10))],
    });
  });

  async function onlyBatch(
    item: DatasetItem,
    options: Partial<PipelineOptions>,
    seed = 0,
  ): Promise<ImageBatch> {
    const pipeline = createPipeline([item], {
      task: 'semantic segmentation',
      classes: CLASSES,
      inputSize: INPUT,
      ...options,
    });
    const [batch] = await collect(pipeline, { order: [0], batchSize: 1, seed });
    assert.ok(batch);
    return batch;
  }

  function checkNoisyCopy(batch: ImageBatch, flipped: boolean): void {
    for (let y = 0; y < INPUT; y++) {
      for (let x = 0; x < INPUT; x++) {
        const inside = y >= 16 && y < 48;
        const sourceX = flipped ? 63 - x : x;
        const sourceY = flipped ? 31 - (y - 16) : y - 16;
        const expected = inside
          ? [0, 1, 2].map((c) => noisyPixels[(sourceY * 64 + sourceX) * 3 + c])
          : [114, 114, 114];
        assert.deepEqual(
          pixel(batch, x, y).map((value) => Math.round(value)),
          expected,
          `pixel (${x}, ${y})`,
        );
        const expectedMask = !inside
          ? IGNORE_PIXEL
          : sourceX >= 5 && sourceX <= 20 && sourceY >= 3 && sourceY <= 10
            ? 1
            : 0;
        assert.equal(maskAt(batch, x, y), expectedMask, `mask (${x}, ${y})`);
      }
    }
  }

  it('letterboxes an image of the input width pixel for pixel, centred, padded with grey 114', async () => {
    const batch = await onlyBatch(noisy, {});
    checkNoisyCopy(batch, false);
    assert.deepEqual(batch.placements[0], {
      originalWidth: 64,
      originalHeight: 32,
      scale: 1,
      offsetX: 0,
      offsetY: 16,
    });
  });

  it('flips image and mask together within the letterbox', async () => {
    const batch = await onlyBatch(noisy, {
      augmentation: { hflip: 1, vflip: 1, scale: [1, 1], color_jitter: NO_JITTER },
    });
    checkNoisyCopy(batch, true);
  });

  it('keeps mask and image aligned through random crops, flips and letterboxing', async () => {
    const augmentation = {
      hflip: 0.5,
      vflip: 0.5,
      scale: [0.3, 0.9] as [number, number],
      color_jitter: NO_JITTER,
    };
    let checkedPure = 0;
    const redCentresX = new Set<boolean>();
    for (let seed = 0; seed < 16; seed++) {
      const batch = await onlyBatch(blocks, { augmentation }, seed);
      const detection = await onlyBatch(blocks, { augmentation, task: 'object detection' }, seed);
      assert.deepEqual(detection.images, batch.images, 'the task does not change the pixels');
      for (let y = 0; y < INPUT; y++) {
        for (let x = 0; x < INPUT; x++) {
          const label = maskAt(batch, x, y);
          const colour = pixel(batch, x, y);
          if (label === IGNORE_PIXEL) {
            assert.deepEqual(
              colour,
              [PAD * 255, PAD * 255, PAD * 255],
              `padding at (${x}, ${y}), seed ${seed}`,
            );
            continue;
          }
          // A pixel more than half in a class's colour has its centre in it, so it has that label; one under a
          // quarter in it has its centre outside along at least one axis. Each class colour is one channel.
          colour.forEach((value, channel) => {
            const share = value / 255;
            if (share > 0.5 + MARGIN)
              assert.equal(label, channel + 1, `(${x}, ${y}) ${colour.join()}, seed ${seed}`);
            if (share < 0.25 - MARGIN)
              assert.notEqual(label, channel + 1, `(${x}, ${y}) ${colour.join()}, seed ${seed}`);
          });
          // A pixel labelled like all its neighbours must show the pure colour of its class.
          const neighbours = [-1, 0, 1].flatMap((dy) => [-1, 0, 1].map((dx) => [x + dx, y + dy] as const));
          const inRegion = neighbours.every(([nx, ny]) => nx >= 0 && ny >= 0 && nx < INPUT && ny < INPUT);
          if (inRegion && neighbours.every(([nx, ny]) => maskAt(batch, nx, ny) === label)) {
            assert.ok(
              isPure(colour, COLOURS[label] ?? [0, 0, 0]),
              `(${x}, ${y}) is ${colour.join()}, seed ${seed}`,
            );
            checkedPure += 1;
          }
        }
      }
      assert.equal(detection.targets.task, 'object detection');
      for (const target of detection.targets.boxes[0] ?? []) {
        // The box's edges are where its colour starts and ends: pixels more than half in the colour.
        const colourChannel = target.classIndex;
        const columns: number[] = [];
        const rows: number[] = [];
        for (let y = 0; y < INPUT; y++) {
          for (let x = 0; x < INPUT; x++) {
            if ((pixel(batch, x, y)[colourChannel] ?? 0) > 127.5) {
              columns.push(x);
              rows.push(y);
            }
          }
        }
        assert.ok(Math.abs(Math.min(...columns) - target.x1) <= 0.5, `x1 ${target.x1}, seed ${seed}`);
        assert.ok(Math.abs(Math.max(...columns) + 1 - target.x2) <= 0.5, `x2 ${target.x2}, seed ${seed}`);
        assert.ok(Math.abs(Math.min(...rows) - target.y1) <= 0.5, `y1 ${target.y1}, seed ${seed}`);
        assert.ok(Math.abs(Math.max(...rows) + 1 - target.y2) <= 0.5, `y2 ${target.y2}, seed ${seed}`);
        if (target.classIndex === 0) redCentresX.add(target.x1 + target.x2 > INPUT);
      }
    }
    assert.ok(checkedPure > 10000, 'most pixels were checked');
    assert.equal(redCentresX.size, 2, 'the red block was seen on both sides, so flips happened');
  });
});
