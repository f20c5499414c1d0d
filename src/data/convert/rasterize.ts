// Pixels of area geometries, by the conventions of ../model.ts: rectangles are inclusive, and a pixel is
// inside a polygon when its centre (x + 0.5, y + 0.5) is inside by the even-odd rule.
import { SHAPES } from '../../core/names';
import type { Geometry, Mask, Point } from '../model';
import type { PlacedMask } from '../rle';

/** The geometries that cover pixels; lines, points and graphs have no area. */
export type AreaGeometry = Extract<
  Geometry,
  {
    type: typeof SHAPES.rectangle | typeof SHAPES.polygon | typeof SHAPES.multipolygon | typeof SHAPES.bitmap;
  }
>;

/** Why an area geometry can be of no use: it misses the image, or is too thin to hold a pixel centre. */
export const NO_PIXELS = 'it covers no pixel of the image';

export function isAreaGeometry(geometry: Geometry): geometry is AreaGeometry {
  return (
    geometry.type === SHAPES.rectangle ||
    geometry.type === SHAPES.polygon ||
    geometry.type === SHAPES.multipolygon ||
    geometry.type === SHAPES.bitmap
  );
}

/** Inclusive pixel bounds. */
export interface PixelBounds {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** A window onto the image, painted in place: the whole image, or just the box around one object. */
export interface Canvas {
  readonly bounds: PixelBounds;
  /** Row-major over `bounds`. */
  readonly data: Uint8Array | Uint16Array;
}

function widthOf(bounds: PixelBounds): number {
  return bounds.right - bounds.left + 1;
}

function heightOf(bounds: PixelBounds): number {
  return bounds.bottom - bounds.top + 1;
}

export function imageBounds(width: number, height: number): PixelBounds {
  return { left: 0, top: 0, right: width - 1, bottom: height - 1 };
}

/** The common part of two bounds, or undefined when they do not meet. */
export function intersectBounds(a: PixelBounds, b: PixelBounds): PixelBounds | undefined {
  const left = Math.max(a.left, b.left);
  const top = Math.max(a.top, b.top);
  const right = Math.min(a.right, b.right);
  const bottom = Math.min(a.bottom, b.bottom);
  return left <= right && top <= bottom ? { left, top, right, bottom } : undefined;
}

function pointsBounds(points: readonly Point[]): PixelBounds {
  const xs = points.map(([x]) => x);
  const ys = points.map(([, y]) => y);
  return {
    left: Math.floor(Math.min(...xs)),
    top: Math.floor(Math.min(...ys)),
    right: Math.ceil(Math.max(...xs)),
    bottom: Math.ceil(Math.max(...ys)),
  };
}

/** Bounds that contain every pixel the geometry can cover, possibly a little more, possibly off-image. */
function reachOf(geometry: AreaGeometry): PixelBounds {
  switch (geometry.type) {
    case SHAPES.rectangle:
      return geometry;
    // Every ring counts: under the even-odd rule a hole that strays outside its exterior covers pixels too.
    case SHAPES.polygon:
      return pointsBounds([geometry.exterior, ...geometry.interior].flat());
    case SHAPES.multipolygon:
      return pointsBounds(geometry.parts.flatMap((part) => [part.exterior, ...part.interior].flat()));
    case SHAPES.bitmap: {
      const [left, top] = geometry.origin;
      return { left, top, right: left + geometry.mask.width - 1, bottom: top + geometry.mask.height - 1 };
    }
  }
}

function paintPixel(canvas: Canvas, x: number, y: number, value: number): void {
  const { left, top } = canvas.bounds;
  canvas.data[(y - top) * widthOf(canvas.bounds) + (x - left)] = value;
}

function paintRectangle(canvas: Canvas, rectangle: PixelBounds, value: number): void {
  const area = intersectBounds(canvas.bounds, rectangle);
  if (area === undefined) return;
  for (let y = area.top; y <= area.bottom; y++) {
    for (let x = area.left; x <= area.right; x++) paintPixel(canvas, x, y, value);
  }
}

type Edge = readonly [start: Point, end: Point];

function edgesOf(ring: readonly Point[]): Edge[] {
  return ring.map((start, position) => [start, ring[(position + 1) % ring.length] ?? start] as const);
}

/**
 * Even-odd scanline fill of rings pooled together, so holes are simply more rings. An edge counts on a
 * scanline when exactly one end is at or below the pixel centres' height, which counts a vertex on the
 * scanline once and never divides by a horizontal edge's zero height.
 */
function paintRings(
  canvas: Canvas,
  area: PixelBounds,
  rings: readonly (readonly Point[])[],
  value: number,
): void {
  const edges = rings.flatMap(edgesOf);
  const { left, right } = area;
  for (let y = area.top; y <= area.bottom; y++) {
    const centreY = y + 0.5;
    const crossings = edges
      .filter(([[, y0], [, y1]]) => y0 <= centreY !== y1 <= centreY)
      .map(([[x0, y0], [x1, y1]]) => x0 + ((centreY - y0) * (x1 - x0)) / (y1 - y0))
      .sort((a, b) => a - b);
    // A centre is inside when an odd number of crossings lie at or left of it: between the 2i-th and the
    // (2i+1)-th crossing.
    for (let pair = 0; pair + 1 < crossings.length; pair += 2) {
      const from = crossings[pair] ?? 0;
      const to = crossings[pair + 1] ?? 0;
      for (let x = Math.max(left, Math.floor(from)); x <= Math.min(right, Math.ceil(to)); x++) {
        if (x + 0.5 >= from && x + 0.5 < to) paintPixel(canvas, x, y, value);
      }
    }
  }
}

function paintBitmap(canvas: Canvas, origin: Point, mask: Mask, value: number): void {
  const [originX, originY] = origin;
  const area = intersectBounds(canvas.bounds, {
    left: originX,
    top: originY,
    right: originX + mask.width - 1,
    bottom: originY + mask.height - 1,
  });
  if (area === undefined) return;
  for (let y = area.top; y <= area.bottom; y++) {
    for (let x = area.left; x <= area.right; x++) {
      if (mask.data[(y - originY) * mask.width + (x - originX)] !== 0) paintPixel(canvas, x, y, value);
    }
  }
}

/** Sets the geometry's pixels inside the canvas to `value`; pixels outside the canvas are ignored. */
export function paintGeometry(canvas: Canvas, geometry: AreaGeometry, value: number): void {
  const area = intersectBounds(canvas.bounds, reachOf(geometry));
  if (area === undefined) return;
  switch (geometry.type) {
    case SHAPES.rectangle:
      paintRectangle(canvas, geometry, value);
      return;
    case SHAPES.polygon:
      paintRings(canvas, area, [geometry.exterior, ...geometry.interior], value);
      return;
    case SHAPES.multipolygon:
      // Parts are separate polygons, so they are filled one by one: where two overlap, both cover it.
      for (const part of geometry.parts) paintRings(canvas, area, [part.exterior, ...part.interior], value);
      return;
    case SHAPES.bitmap:
      paintBitmap(canvas, geometry.origin, geometry.mask, value);
      return;
  }
}

/** The geometry's pixels as a whole-image mask. */
export function rasterizeGeometry(geometry: AreaGeometry, width: number, height: number): Mask {
  const data = new Uint8Array(width * height);
  paintGeometry({ bounds: imageBounds(width, height), data }, geometry, 1);
  return { width, height, data };
}

function tightBounds(canvas: Canvas): PixelBounds | undefined {
  const { bounds, data } = canvas;
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  const width = widthOf(bounds);
  data.forEach((value, offset) => {
    if (value === 0) return;
    const x = bounds.left + (offset % width);
    const y = bounds.top + Math.floor(offset / width);
    left = Math.min(left, x);
    right = Math.max(right, x);
    top = Math.min(top, y);
    bottom = Math.max(bottom, y);
  });
  return right < left ? undefined : { left, top, right, bottom };
}

/**
 * The geometry's pixels within the image, cropped to their bounding box; undefined when it covers no pixel
 * of the image. Boxes, areas and COCO bboxes all come from this, so they agree with the masks.
 */
export function objectPixels(geometry: AreaGeometry, width: number, height: number): PlacedMask | undefined {
  const reach = intersectBounds(imageBounds(width, height), reachOf(geometry));
  if (reach === undefined) return undefined;
  const canvas: Canvas = { bounds: reach, data: new Uint8Array(widthOf(reach) * heightOf(reach)) };
  paintGeometry(canvas, geometry, 1);
  const tight = tightBounds(canvas);
  if (tight === undefined) return undefined;
  const cropped = new Uint8Array(widthOf(tight) * heightOf(tight));
  for (let y = tight.top; y <= tight.bottom; y++) {
    const from = (y - reach.top) * widthOf(reach) + (tight.left - reach.left);
    cropped.set(canvas.data.subarray(from, from + widthOf(tight)), (y - tight.top) * widthOf(tight));
  }
  return {
    origin: [tight.left, tight.top],
    mask: { width: widthOf(tight), height: heightOf(tight), data: cropped },
  };
}

/** The inclusive bounds of a placed mask. */
export function placedBounds(placed: PlacedMask): PixelBounds {
  const [left, top] = placed.origin;
  return { left, top, right: left + placed.mask.width - 1, bottom: top + placed.mask.height - 1 };
}

export function countPixels(mask: Mask): number {
  return mask.data.reduce((sum, value) => sum + (value === 0 ? 0 : 1), 0);
}
