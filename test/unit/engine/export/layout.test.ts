import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { channelsFirst, channelsLast } from '../../../../src/engine/export/layout';

describe('channelsFirst / channelsLast', () => {
  // 2 images of 2×3 pixels with 4 channels; value = n·1000 + y·100 + x·10 + c encodes the position.
  const [n, h, w, c] = [2, 2, 3, 4];
  const nhwc = Float32Array.from({ length: n * h * w * c }, (_, i) => {
    const channel = i % c;
    const x = Math.floor(i / c) % w;
    const y = Math.floor(i / (c * w)) % h;
    const image = Math.floor(i / (c * w * h));
    return image * 1000 + y * 100 + x * 10 + channel;
  });

  it('moves channels in front of the pixels, image by image', () => {
    const nchw = channelsFirst(nhwc, [n, h, w, c]);
    for (let image = 0; image < n; image++) {
      for (let channel = 0; channel < c; channel++) {
        for (let y = 0; y < h; y++) {
          for (let x = 0; x < w; x++) {
            const at = ((image * c + channel) * h + y) * w + x;
            assert.equal(nchw[at], image * 1000 + y * 100 + x * 10 + channel);
          }
        }
      }
    }
  });

  it('channelsLast undoes channelsFirst', () => {
    assert.deepEqual(channelsLast(channelsFirst(nhwc, [n, h, w, c]), [n, c, h, w]), nhwc);
  });
});
