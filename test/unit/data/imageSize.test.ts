// Image sizes from headers written byte by byte after each format's specification; the pixel data that
// would follow is left out, since the reader must not need it.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readImageSize } from '../../../src/data/imageSize';
import { pngImage, tempDir, writeFile } from './readersSupport';

function u16be(value: number): number[] {
  return [value >> 8, value & 0xff];
}

function u16le(value: number): number[] {
  return [value & 0xff, value >> 8];
}

function u32le(value: number): number[] {
  return [value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, (value >>> 24) & 0xff];
}

function ascii(text: string): number[] {
  return [...Buffer.from(text, 'latin1')];
}

/** A JPEG with an APP1 segment big enough to push the frame header past the first read. */
function jpeg(width: number, height: number, frameMarker: number): Buffer {
  const app1 = [0xff, 0xe1, ...u16be(2 + 1000), ...new Array<number>(1000).fill(0x45)];
  const frame = [
    0xff,
    frameMarker,
    ...u16be(17),
    8,
    ...u16be(height),
    ...u16be(width),
    3,
    ...new Array<number>(9).fill(1),
  ];
  // A fill byte before a marker is allowed.
  return Buffer.from([
    0xff,
    0xd8,
    0xff,
    0xe0,
    ...u16be(16),
    ...ascii('JFIF\0'),
    ...new Array<number>(9).fill(0),
    ...app1,
    0xff,
    ...frame,
  ]);
}

function webp(chunkType: string, payload: number[]): Buffer {
  const chunk = [...ascii(chunkType), ...u32le(payload.length), ...payload];
  return Buffer.from([...ascii('RIFF'), ...u32le(4 + chunk.length), ...ascii('WEBP'), ...chunk]);
}

function bmp(width: number, height: number): Buffer {
  const header = [...ascii('BM'), ...u32le(0), ...u32le(0), ...u32le(54)];
  return Buffer.from([
    ...header,
    ...u32le(40),
    ...u32le(width),
    ...u32le(height >>> 0),
    ...new Array<number>(28).fill(0),
  ]);
}

/** A TIFF whose first directory sits after 600 bytes of padding, past the first read. */
function tiff(littleEndian: boolean, width: number, height: number): Buffer {
  const u16 = (value: number): number[] => (littleEndian ? u16le(value) : u16be(value));
  const u32 = (value: number): number[] =>
    littleEndian ? u32le(value) : [...u16be(value >>> 16), ...u16be(value & 0xffff)];
  const directory = 608;
  const entry = (tag: number, type: number, value: number): number[] => [
    ...u16(tag),
    ...u16(type),
    ...u32(1),
    ...(type === 3 ? [...u16(value), 0, 0] : u32(value)),
  ];
  return Buffer.from([
    ...ascii(littleEndian ? 'II' : 'MM'),
    ...u16(42),
    ...u32(directory),
    ...new Array<number>(directory - 8).fill(0),
    ...u16(3),
    ...entry(254, 4, 0),
    ...entry(256, 3, width),
    ...entry(257, 4, height),
    ...u32(0),
  ]);
}

describe('image size from the header', () => {
  const dir = tempDir('image-size');
  const sizeOf = (name: string, bytes: Uint8Array): unknown =>
    readImageSize(writeFile(path.join(dir, name), bytes));

  it('reads PNG', () => {
    assert.deepEqual(sizeOf('a.png', pngImage(640, 3)), { width: 640, height: 3 });
  });

  it('reads JPEG from baseline and progressive frame headers, past large metadata', () => {
    assert.deepEqual(sizeOf('baseline.jpg', jpeg(1920, 1080, 0xc0)), { width: 1920, height: 1080 });
    assert.deepEqual(sizeOf('progressive.jpeg', jpeg(33, 4000, 0xc2)), { width: 33, height: 4000 });
  });

  it('reads WebP in its lossy (VP8), lossless (VP8L) and extended (VP8X) forms', () => {
    const vp8 = [0, 0, 0, 0x9d, 0x01, 0x2a, ...u16le(300), ...u16le(200)];
    assert.deepEqual(sizeOf('lossy.webp', webp('VP8 ', vp8)), { width: 300, height: 200 });
    const bits = (1000 - 1) | ((700 - 1) << 14);
    assert.deepEqual(sizeOf('lossless.webp', webp('VP8L', [0x2f, ...u32le(bits)])), {
      width: 1000,
      height: 700,
    });
    const extended = [0, 0, 0, 0, ...u32le(5000 - 1).slice(0, 3), ...u32le(70000 - 1).slice(0, 3)];
    assert.deepEqual(sizeOf('extended.webp', webp('VP8X', extended)), { width: 5000, height: 70000 });
  });

  it('reads BMP, bottom-up and top-down', () => {
    assert.deepEqual(sizeOf('up.bmp', bmp(20, 10)), { width: 20, height: 10 });
    assert.deepEqual(sizeOf('down.bmp', bmp(20, -10)), { width: 20, height: 10 });
  });

  it('reads TIFF in both byte orders, with SHORT and LONG sizes', () => {
    assert.deepEqual(sizeOf('le.tif', tiff(true, 123, 70000)), { width: 123, height: 70000 });
    assert.deepEqual(sizeOf('be.tiff', tiff(false, 321, 45)), { width: 321, height: 45 });
  });

  it('says undefined for what is not an image or is cut short, and throws for a missing file', () => {
    assert.equal(sizeOf('text.png', Buffer.from('hello, this is not an image')), undefined);
    assert.equal(sizeOf('short.jpg', jpeg(10, 10, 0xc0).subarray(0, 600)), undefined);
    assert.equal(sizeOf('empty.png', new Uint8Array()), undefined);
    assert.throws(() => readImageSize(path.join(dir, 'missing.png')), /ENOENT/);
  });
});
