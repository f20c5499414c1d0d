// Colour jitter on the input pixels of an image's region (padding keeps its grey). Brightness, contrast,
// saturation and hue are each linear in RGB, so they compose into one affine map applied in one pass and
// clamped once: brightness scales; contrast moves away from the region's mean luma; saturation away from
// each pixel's luma; hue rotates about the grey axis, which leaves greys grey.
import type { ColorDraw } from './augmentation';
import type { PixelRegion } from './fit';

/** ITU-R BT.601 luma weights, as torchvision's rgb_to_grayscale. */
const LUMA = [0.299, 0.587, 0.114] as const;

type Matrix3 = readonly [number, number, number, number, number, number, number, number, number];

function multiply(a: Matrix3, b: Matrix3): Matrix3 {
  const at = (matrix: Matrix3, row: number, column: number) => matrix[row * 3 + column] ?? 0;
  const entry = (row: number, column: number) =>
    at(a, row, 0) * at(b, 0, column) + at(a, row, 1) * at(b, 1, column) + at(a, row, 2) * at(b, 2, column);
  return [
    entry(0, 0),
    entry(0, 1),
    entry(0, 2),
    entry(1, 0),
    entry(1, 1),
    entry(1, 2),
    entry(2, 0),
    entry(2, 1),
    entry(2, 2),
  ];
}

/** s·I + (1 − s)·(each channel ← luma). */
function saturationMatrix(saturation: number): Matrix3 {
  const [r, g, b] = LUMA;
  const rest = 1 - saturation;
  return [
    saturation + rest * r,
    rest * g,
    rest * b,
    rest * r,
    saturation + rest * g,
    rest * b,
    rest * r,
    rest * g,
    saturation + rest * b,
  ];
}

/** Rotation by `turns` of a full turn about the unit axis (1, 1, 1)/√3 (Rodrigues' formula). */
function hueMatrix(turns: number): Matrix3 {
  const angle = 2 * Math.PI * turns;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle) / Math.sqrt(3);
  const along = (1 - cos) / 3;
  return [
    cos + along,
    along - sin,
    along + sin,
    along + sin,
    cos + along,
    along - sin,
    along - sin,
    along + sin,
    cos + along,
  ];
}

function scaled(matrix: Matrix3, factor: number): Matrix3 {
  const [a, b, c, d, e, f, g, h, i] = matrix;
  return [
    a * factor,
    b * factor,
    c * factor,
    d * factor,
    e * factor,
    f * factor,
    g * factor,
    h * factor,
    i * factor,
  ];
}

function meanLuma(target: Float32Array, offset: number, region: PixelRegion, inputSize: number): number {
  const [r, g, b] = LUMA;
  let sum = 0;
  for (let row = region.y; row < region.y + region.height; row++) {
    const start = offset + (row * inputSize + region.x) * 3;
    for (let pixel = start; pixel < start + region.width * 3; pixel += 3) {
      sum += r * (target[pixel] ?? 0) + g * (target[pixel + 1] ?? 0) + b * (target[pixel + 2] ?? 0);
    }
  }
  return sum / (region.width * region.height);
}

function clamp01(value: number): number {
  return value < 0 ? 0 : value > 1 ? 1 : value;
}

/** Jitters, in place, one image's region of an input starting at `offset` in `target`. */
export function applyColorJitter(
  target: Float32Array,
  offset: number,
  region: PixelRegion,
  inputSize: number,
  color: ColorDraw,
): void {
  const [m0, m1, m2, m3, m4, m5, m6, m7, m8] = scaled(
    multiply(hueMatrix(color.hue), saturationMatrix(color.saturation)),
    color.brightness * color.contrast,
  );
  // Saturation and hue map grey to itself, so the contrast pivot passes through them unchanged.
  const shift = (1 - color.contrast) * color.brightness * meanLuma(target, offset, region, inputSize);
  for (let row = region.y; row < region.y + region.height; row++) {
    const start = offset + (row * inputSize + region.x) * 3;
    for (let pixel = start; pixel < start + region.width * 3; pixel += 3) {
      const red = target[pixel] ?? 0;
      const green = target[pixel + 1] ?? 0;
      const blue = target[pixel + 2] ?? 0;
      target[pixel] = clamp01(m0 * red + m1 * green + m2 * blue + shift);
      target[pixel + 1] = clamp01(m3 * red + m4 * green + m5 * blue + shift);
      target[pixel + 2] = clamp01(m6 * red + m7 * green + m8 * blue + shift);
    }
  }
}
