// The augmentation draws, their random streams, and colour jitter.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { drawAugmentation } from '../../../../src/engine/pipeline/augmentation';
import { applyColorJitter } from '../../../../src/engine/pipeline/colorJitter';
import { itemRandom } from '../../../../src/engine/pipeline/random';

const SETTINGS = {
  hflip: 0.5,
  vflip: 0.25,
  scale: [0.3, 0.8] as [number, number],
  color_jitter: { brightness: 0.2, contrast: 0.4, saturation: 0.6, hue: 0.1 },
};
const KEEP = { brightness: 1, contrast: 1, saturation: 1, hue: 0 };

function draws(count: number, take: (random: () => number) => number): number[] {
  return Array.from({ length: count }, (_, index) => take(itemRandom(7, index)));
}

describe('augmentation', () => {
  it('gives each (seed, item) a stream of its own, repeatable and uniform', () => {
    const sequence = (seed: number, index: number) => Array.from({ length: 5 }, itemRandom(seed, index));
    assert.deepEqual(sequence(1, 2), sequence(1, 2));
    assert.notDeepEqual(sequence(1, 2), sequence(1, 3));
    assert.notDeepEqual(sequence(1, 2), sequence(2, 2));
    const firsts = draws(4000, (random) => random());
    assert.ok(firsts.every((value) => value >= 0 && value < 1));
    const lowQuarter = firsts.filter((value) => value < 0.25).length;
    assert.ok(lowQuarter > 900 && lowQuarter < 1100, `${lowQuarter} of 4000 under 0.25`);
  });

  it('draws crops of the configured area fraction, flips at their rates, factors in their ranges', () => {
    const all = Array.from({ length: 2000 }, (_, index) =>
      drawAugmentation(itemRandom(3, index), SETTINGS, 200, 100),
    );
    for (const { crop, color } of all) {
      const area = (crop.width * crop.height) / (200 * 100);
      assert.ok(area >= 0.3 - 1e-9 && area <= 0.8 + 1e-9, `area ${area}`);
      assert.ok(Math.abs(crop.width / crop.height - 2) < 1e-9, 'keeps the aspect ratio');
      assert.ok(crop.x >= 0 && crop.y >= 0 && crop.x + crop.width <= 200 && crop.y + crop.height <= 100);
      assert.ok(color !== undefined);
      assert.ok(Math.abs(color.brightness - 1) <= 0.2 && Math.abs(color.contrast - 1) <= 0.4);
      assert.ok(Math.abs(color.saturation - 1) <= 0.6 && Math.abs(color.hue) <= 0.1);
    }
    const rate = (flag: (draw: (typeof all)[number]) => boolean) => all.filter(flag).length / all.length;
    assert.ok(Math.abs(rate((draw) => draw.hflip) - 0.5) < 0.05);
    assert.ok(Math.abs(rate((draw) => draw.vflip) - 0.25) < 0.05);
    const whole = drawAugmentation(itemRandom(3, 0), { ...SETTINGS, scale: [1, 1] }, 200, 100);
    assert.deepEqual(whole.crop, { x: 0, y: 0, width: 200, height: 100 });
    const plain = { ...SETTINGS, color_jitter: { brightness: 0, contrast: 0, saturation: 0, hue: 0 } };
    assert.equal(drawAugmentation(itemRandom(3, 0), plain, 200, 100).color, undefined);
  });

  describe('colour jitter', () => {
    // A 2×2 input whose left column is the image region (1×2 pixels), the right column padding.
    const region = { x: 0, y: 0, width: 1, height: 2 };
    const input = () => Float32Array.from([1, 0, 0, 0.5, 0.5, 0.5, 0.2, 0.4, 0.6, 0.5, 0.5, 0.5]);
    const jittered = (color: typeof KEEP) => {
      const pixels = input();
      applyColorJitter(pixels, 0, region, 2, color);
      return [...pixels].map((value) => Math.round(value * 1e5) / 1e5);
    };

    it('changes nothing at neutral factors, and never the padding', () => {
      assert.deepEqual(
        jittered(KEEP),
        [...input()].map((value) => Math.round(value * 1e5) / 1e5),
      );
      for (const color of [
        { ...KEEP, brightness: 1.3 },
        { ...KEEP, hue: 0.2 },
      ]) {
        const out = jittered(color);
        assert.deepEqual([out[3], out[4], out[5], out[9], out[10], out[11]], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
      }
    });

    it('scales brightness, pulls contrast to the mean luma, saturation to each pixel luma', () => {
      assert.deepEqual(jittered({ ...KEEP, brightness: 0.5 }).slice(0, 3), [0.5, 0, 0]);
      const meanLuma = (0.299 + (0.299 * 0.2 + 0.587 * 0.4 + 0.114 * 0.6)) / 2;
      const flat = jittered({ ...KEEP, contrast: 0 });
      assert.ok([0, 1, 2, 6, 7, 8].every((at) => Math.abs((flat[at] ?? 0) - meanLuma) < 1e-5));
      const grey = jittered({ ...KEEP, saturation: 0 });
      assert.deepEqual(grey.slice(0, 3), [0.299, 0.299, 0.299]);
    });

    it('rotates hue about the grey axis: a third of a turn takes red to green', () => {
      assert.deepEqual(jittered({ ...KEEP, hue: 1 / 3 }).slice(0, 3), [0, 1, 0]);
      assert.deepEqual(jittered({ ...KEEP, hue: -1 / 3 }).slice(0, 3), [0, 0, 1]);
    });
  });
});
