import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { Mask } from '../../../src/data/model';
import { decodePngMask } from '../../../src/data/png';
import { readSupervisely } from '../../../src/data/readers';
import { decodeBitmapData } from '../../../src/data/readers/bitmapData';
import { labelMasks } from '../../../src/data/writers/labelMasks';
import { encodePngMask } from '../../../src/data/writers/pngMask';
import { encodeBitmapData, superviselyAnnotation } from '../../../src/data/writers/superviselyAnnotation';
import { encodePng } from '../../fixtures/png';
import { createRandom } from '../../fixtures/random';

// Writing Supervisely annotations: masks as 1-bit PNGs, bitmaps as Supervisely's payload, label maps as one
// cropped mask per class, and whole annotations that our own reader reads back as they were written.

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'supervisely-writer-'));
after(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function randomMask(width: number, height: number, seed: number): Mask {
  const random = createRandom(seed);
  return {
    width,
    height,
    data: Uint8Array.from({ length: width * height }, () => (random.chance(0.4) ? 1 : 0)),
  };
}

describe('a mask as a PNG and as a Supervisely bitmap', () => {
  // Widths around the 8 pixels a byte packs, where row padding goes wrong.
  const sizes = [
    [1, 1],
    [7, 3],
    [8, 2],
    [9, 5],
    [17, 4],
    [64, 33],
  ] as const;

  it('gives back every pixel, through our PNG decoder and through the Supervisely reader', () => {
    sizes.forEach(([width, height], seed) => {
      const mask = randomMask(width, height, seed);
      assert.deepEqual(decodePngMask(encodePngMask(mask)), mask, `${width}×${height} PNG`);
      assert.deepEqual(
        decodeBitmapData(encodeBitmapData(mask), 'bitmap.data'),
        mask,
        `${width}×${height} bitmap`,
      );
    });
  });

  it('is a 1-bit greyscale PNG, with any non-zero value set', () => {
    const png = encodePngMask({ width: 3, height: 1, data: Uint8Array.from([0, 7, 255]) });
    assert.equal(png.readUInt32BE(16), 3);
    assert.equal(png[24], 1, 'bit depth');
    assert.equal(png[25], 0, 'greyscale');
    assert.deepEqual([...decodePngMask(png).data], [0, 1, 1]);
  });

  it('refuses an empty mask', () => {
    assert.throws(() => encodePngMask({ width: 0, height: 2, data: new Uint8Array(0) }), RangeError);
  });
});

describe('a label map as one mask per label', () => {
  it('crops each label to its pixels, in label order, leaving out the background', () => {
    // prettier-ignore
    const labels = Uint8Array.from([
      0, 0, 2, 2,
      0, 1, 0, 2,
      0, 0, 0, 0,
      1, 0, 0, 0,
    ]);
    const masks = labelMasks({ width: 4, height: 4, labels });
    assert.deepEqual([...masks.keys()], [1, 2]);
    assert.deepEqual(masks.get(1), {
      origin: [0, 1],
      mask: { width: 2, height: 3, data: Uint8Array.from([0, 1, 0, 0, 1, 0]) },
    });
    assert.deepEqual(masks.get(2), {
      origin: [2, 0],
      mask: { width: 2, height: 2, data: Uint8Array.from([1, 1, 0, 1]) },
    });
  });

  it('is empty for a background-only map, and refuses a map of the wrong length', () => {
    assert.equal(labelMasks({ width: 2, height: 2, labels: new Uint8Array(4) }).size, 0);
    assert.throws(() => labelMasks({ width: 2, height: 2, labels: new Uint8Array(3) }), RangeError);
  });
});

describe('a Supervisely annotation', () => {
  const width = 12;
  const height = 9;
  const blob: Mask = { width: 3, height: 2, data: Uint8Array.from([1, 1, 0, 0, 1, 1]) };
  const annotation = superviselyAnnotation({
    width,
    height,
    tags: [{ name: 'kiwi', value: 0.75 }, { name: 'reviewed' }],
    objects: [
      {
        classTitle: 'lemon',
        geometry: { type: 'rectangle', left: 1, top: 2, right: 11, bottom: 8 },
        tags: [{ name: 'confidence', value: 0.5 }],
      },
      { classTitle: 'kiwi', geometry: { type: 'bitmap', origin: [9, 7], mask: blob }, tags: [] },
    ],
  });

  it('has the fields Supervisely writes, a tag without a value as null', () => {
    assert.deepEqual(annotation.size, { height, width });
    assert.deepEqual(annotation.tags, [
      { name: 'kiwi', value: 0.75 },
      { name: 'reviewed', value: null },
    ]);
    assert.deepEqual(annotation.objects[0], {
      classTitle: 'lemon',
      tags: [{ name: 'confidence', value: 0.5 }],
      geometryType: 'rectangle',
      points: {
        exterior: [
          [1, 2],
          [11, 8],
        ],
        interior: [],
      },
    });
  });

  it('reads back through our Supervisely reader as it was written', () => {
    const project = path.join(tmp, 'project');
    fs.mkdirSync(path.join(project, 'ds/img'), { recursive: true });
    fs.mkdirSync(path.join(project, 'ds/ann'));
    fs.writeFileSync(
      path.join(project, 'meta.json'),
      JSON.stringify({
        classes: [
          { title: 'lemon', shape: 'rectangle', color: '#FFFF00' },
          { title: 'kiwi', shape: 'bitmap', color: '#00FF00' },
        ],
        tags: [],
      }),
    );
    const pixels = new Uint8Array(width * height * 3).fill(90);
    fs.writeFileSync(
      path.join(project, 'ds/img/a.png'),
      encodePng({ width, height, channels: 3, data: pixels }),
    );
    fs.writeFileSync(path.join(project, 'ds/ann/a.png.json'), JSON.stringify(annotation));

    const [item] = readSupervisely(project).items;
    assert.deepEqual(item?.tags, [{ name: 'kiwi', value: 0.75 }, { name: 'reviewed' }]);
    assert.deepEqual(
      item.objects.map(({ classTitle, geometry, tags }) => ({ classTitle, geometry, tags })),
      [
        {
          classTitle: 'lemon',
          geometry: { type: 'rectangle', left: 1, top: 2, right: 11, bottom: 8 },
          tags: [{ name: 'confidence', value: 0.5 }],
        },
        { classTitle: 'kiwi', geometry: { type: 'bitmap', origin: [9, 7], mask: blob }, tags: [] },
      ],
    );
  });
});
