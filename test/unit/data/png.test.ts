// The PNG decoder against PNGs written here, with every filter, bit depth, colour type and interlacing: an
// encoder that shares no code with the decoder, so that a mistake would have to be made twice.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import zlib from 'node:zlib';
import { decodePng, decodePngMask, PngError } from '../../../src/data/png';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

function chunk(type: string, payload: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), payload]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(payload.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

interface Spec {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colorType: number;
  /** Stored samples, row-major (palette indices for colour type 3). */
  readonly samples: readonly number[];
  readonly interlaced?: boolean;
  readonly palette?: readonly number[];
  readonly transparency?: readonly number[];
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Packs samples into rows of bytes, most significant bits first. */
function packRow(samples: readonly number[], bitDepth: number): number[] {
  if (bitDepth === 16) return samples.flatMap((sample) => [sample >> 8, sample & 0xff]);
  const bytes = new Array<number>(Math.ceil((samples.length * bitDepth) / 8)).fill(0);
  samples.forEach((sample, index) => {
    const bit = index * bitDepth;
    bytes[bit >> 3] = (bytes[bit >> 3] ?? 0) | (sample << (8 - bitDepth - (bit % 8)));
  });
  return bytes;
}

/** Filters each row with filter type (row index % 5), so every filter is exercised. */
function filterRows(rows: readonly number[][], bytesPerPixel: number): number[] {
  const out: number[] = [];
  rows.forEach((row, rowIndex) => {
    const above = rows[rowIndex - 1] ?? row.map(() => 0);
    const filter = rowIndex % 5;
    out.push(filter);
    row.forEach((value, index) => {
      const left = index >= bytesPerPixel ? (row[index - bytesPerPixel] ?? 0) : 0;
      const up = above[index] ?? 0;
      const upLeft = index >= bytesPerPixel ? (above[index - bytesPerPixel] ?? 0) : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter] ?? 0;
      out.push((value - predictor) & 0xff);
    });
  });
  return out;
}

const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

function encode(spec: Spec): Buffer {
  const channels = CHANNELS[spec.colorType] ?? 1;
  const bytesPerPixel = Math.max(1, (channels * spec.bitDepth) / 8);
  const pixel = (x: number, y: number): number[] =>
    spec.samples.slice((y * spec.width + x) * channels, (y * spec.width + x + 1) * channels);
  const passes = spec.interlaced === true ? ADAM7 : ([[0, 0, 1, 1]] as const);
  const data: number[] = [];
  for (const [x0, y0, dx, dy] of passes) {
    const rows: number[][] = [];
    for (let y = y0; y < spec.height; y += dy) {
      const samples: number[] = [];
      for (let x = x0; x < spec.width; x += dx) samples.push(...pixel(x, y));
      if (samples.length > 0) rows.push(packRow(samples, spec.bitDepth));
    }
    data.push(...filterRows(rows, bytesPerPixel));
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(spec.width, 0);
  header.writeUInt32BE(spec.height, 4);
  header.set([spec.bitDepth, spec.colorType, 0, 0, spec.interlaced === true ? 1 : 0], 8);
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    ...(spec.palette ? [chunk('PLTE', Uint8Array.from(spec.palette))] : []),
    ...(spec.transparency ? [chunk('tRNS', Uint8Array.from(spec.transparency))] : []),
    // Two IDAT chunks: a decoder must join them.
    ...[0, 1].map((half) => {
      const compressed = zlib.deflateSync(Uint8Array.from(data));
      const middle = Math.floor(compressed.length / 2);
      return chunk('IDAT', half === 0 ? compressed.subarray(0, middle) : compressed.subarray(middle));
    }),
    chunk('IEND', new Uint8Array()),
  ]);
}

function samplesFor(count: number, max: number, seed: number): number[] {
  return Array.from(
    { length: count },
    (_, index) => (index * 37 + seed * 11 + ((index * index) % 7)) % (max + 1),
  );
}

describe('PNG decoder', () => {
  it('decodes grey at every bit depth, with every row filter, interlaced or not', () => {
    for (const bitDepth of [1, 2, 4, 8, 16]) {
      for (const interlaced of [false, true]) {
        const [width, height] = [11, 9];
        const max = 2 ** bitDepth - 1;
        const samples = samplesFor(width * height, max, bitDepth);
        const png = decodePng(encode({ width, height, bitDepth, colorType: 0, samples, interlaced }));
        const scale = bitDepth < 8 ? 255 / max : 1;
        assert.deepEqual(
          { width: png.width, height: png.height, channels: png.channels },
          { width, height, channels: 1 },
        );
        assert.deepEqual(
          Array.from(png.samples),
          samples.map((sample) => sample * scale),
          `depth ${bitDepth}`,
        );
      }
    }
  });

  it('decodes grey+alpha, RGB and RGBA at 8 and 16 bits', () => {
    for (const colorType of [2, 4, 6]) {
      for (const bitDepth of [8, 16]) {
        for (const interlaced of [false, true]) {
          const channels = CHANNELS[colorType] ?? 0;
          const samples = samplesFor(10 * 6 * channels, 2 ** bitDepth - 1, colorType);
          const png = decodePng(encode({ width: 10, height: 6, bitDepth, colorType, samples, interlaced }));
          assert.equal(png.channels, channels);
          assert.equal(png.samples instanceof Uint16Array, bitDepth === 16);
          assert.deepEqual(Array.from(png.samples), samples, `type ${colorType} depth ${bitDepth}`);
        }
      }
    }
  });

  it('expands palette images to RGB, or RGBA with tRNS (entries past its end opaque)', () => {
    const palette = [10, 20, 30, 40, 50, 60, 70, 80, 90];
    for (const bitDepth of [1, 2, 4, 8]) {
      const indices = samplesFor(5 * 4, Math.min(2, 2 ** bitDepth - 1), bitDepth);
      const rgb = decodePng(
        encode({ width: 5, height: 4, bitDepth, colorType: 3, samples: indices, palette }),
      );
      assert.equal(rgb.channels, 3);
      assert.deepEqual(
        Array.from(rgb.samples),
        indices.flatMap((index) => palette.slice(index * 3, index * 3 + 3)),
      );
      const rgba = decodePng(
        encode({ width: 5, height: 4, bitDepth, colorType: 3, samples: indices, palette, transparency: [0] }),
      );
      assert.equal(rgba.channels, 4);
      assert.deepEqual(
        Array.from(rgba.samples),
        indices.flatMap((index) => [...palette.slice(index * 3, index * 3 + 3), index === 0 ? 0 : 255]),
      );
    }
  });

  it('reads a mask from the alpha channel, or from the one channel of a grey image', () => {
    const alpha = encode({
      width: 2,
      height: 2,
      bitDepth: 8,
      colorType: 6,
      samples: [9, 9, 9, 0, 0, 0, 0, 255, 1, 2, 3, 7, 0, 0, 0, 0],
    });
    assert.deepEqual(decodePngMask(alpha), { width: 2, height: 2, data: Uint8Array.from([0, 1, 1, 0]) });
    const greyAlpha = encode({ width: 2, height: 1, bitDepth: 16, colorType: 4, samples: [0, 1, 65535, 0] });
    assert.deepEqual(decodePngMask(greyAlpha).data, Uint8Array.from([1, 0]));
    const grey = encode({ width: 3, height: 1, bitDepth: 1, colorType: 0, samples: [1, 0, 1] });
    assert.deepEqual(decodePngMask(grey).data, Uint8Array.from([1, 0, 1]));
    const rgb = encode({ width: 1, height: 1, bitDepth: 8, colorType: 2, samples: [1, 2, 3] });
    assert.throws(() => decodePngMask(rgb), /opaque colour image/);
  });

  it('rejects what is not a valid PNG with a PngError that says why', () => {
    const good = encode({ width: 2, height: 2, bitDepth: 8, colorType: 0, samples: [1, 2, 3, 4] });
    const cases: [Uint8Array, RegExp][] = [
      [Buffer.from('GIF89a'), /signature/],
      [good.subarray(0, 25), /IHDR chunk is truncated/],
      [Buffer.concat([SIGNATURE, chunk('IEND', new Uint8Array())]), /no header/],
      [
        Buffer.concat([
          good.subarray(0, 33),
          chunk('IDAT', Buffer.from('not zlib')),
          chunk('IEND', new Uint8Array()),
        ]),
        /does not decompress/,
      ],
      [
        Buffer.concat([
          good.subarray(0, 33),
          chunk('IDAT', zlib.deflateSync(Buffer.from([0, 1]))),
          chunk('IEND', new Uint8Array()),
        ]),
        /shorter than its size/,
      ],
      [
        Buffer.concat([
          good.subarray(0, 33),
          chunk('IDAT', zlib.deflateSync(Buffer.from([9, 1, 2, 0, 3, 4]))),
        ]),
        /unknown row filter type 9/,
      ],
      [encode({ width: 1, height: 1, bitDepth: 3, colorType: 0, samples: [1] }), /bit depth 3 is invalid/],
      [
        encode({ width: 1, height: 1, bitDepth: 8, colorType: 3, samples: [0] }),
        /palette image without a palette/,
      ],
      [
        encode({ width: 1, height: 1, bitDepth: 8, colorType: 3, samples: [2], palette: [1, 2, 3] }),
        /palette entry 2/,
      ],
    ];
    for (const [bytes, message] of cases) {
      assert.throws(
        () => decodePng(bytes),
        (error: unknown) => error instanceof PngError && message.test(error.message),
      );
    }
  });
});
