import { SHAPES } from '../../core/names';
import { maskOutline } from '../convert/outline';
import { objectPixels } from '../convert/rasterize';
import type { AreaGeometry } from '../convert/rasterize';
import type { Point, PolygonRings } from '../model';

/** Twice the signed area; positive for a ring that turns clockwise on screen (y down). */
function signedArea(ring: readonly Point[]): number {
  return ring.reduce((sum, [x0, y0], position) => {
    const [x1, y1] = ring[(position + 1) % ring.length] ?? [x0, y0];
    return sum + x0 * y1 - x1 * y0;
  }, 0);
}

function oriented(ring: readonly Point[], clockwise: boolean): Point[] {
  return signedArea(ring) > 0 === clockwise ? [...ring] : [...ring].reverse();
}

/** Exteriors one way and holes the other, so that the non-zero rule agrees with the even-odd one. */
function orientedRings(parts: readonly PolygonRings[]): Point[][] {
  return parts.flatMap((part) => [
    oriented(part.exterior, true),
    ...part.interior.map((hole) => oriented(hole, false)),
  ]);
}

function insideImage(parts: readonly PolygonRings[], width: number, height: number): boolean {
  return parts.every((part) =>
    [part.exterior, ...part.interior].every((ring) =>
      ring.every(([x, y]) => x >= 0 && y >= 0 && x <= width && y <= height),
    ),
  );
}

function distanceSquared([x0, y0]: Point, [x1, y1]: Point): number {
  return (x1 - x0) ** 2 + (y1 - y0) ** 2;
}

/**
 * One ring whose even-odd fill is that of all the rings together: each further ring is spliced in through
 * a bridge to its nearest vertex, travelled once each way. The two bridge edges coincide, so they cross
 * every scanline together and cancel out. This is how YOLO's one-polygon-per-object format keeps holes
 * and separate parts.
 */
export function joinRings(rings: readonly (readonly Point[])[]): Point[] {
  const [first, ...rest] = rings;
  let joined: Point[] = [...(first ?? [])];
  for (const ring of rest) {
    let best = { at: 0, from: 0, distance: Infinity };
    joined.forEach((vertex, at) => {
      ring.forEach((candidate, from) => {
        const distance = distanceSquared(vertex, candidate);
        if (distance < best.distance) best = { at, from, distance };
      });
    });
    const anchor = joined[best.at];
    const entry = ring[best.from];
    if (anchor === undefined || entry === undefined) continue;
    const loop = [...ring.slice(best.from), ...ring.slice(0, best.from), entry];
    joined = [...joined.slice(0, best.at + 1), ...loop, anchor, ...joined.slice(best.at + 1)];
  }
  return joined;
}

/**
 * The object as one YOLO segment polygon, in pixels. Polygons inside the image keep their vertices; a
 * rectangle, a bitmap or a polygon reaching outside the image is traced around its pixels in the image.
 * Undefined when it covers no pixel.
 */
export function segmentPolygon(geometry: AreaGeometry, width: number, height: number): Point[] | undefined {
  const pixels = objectPixels(geometry, width, height);
  if (pixels === undefined) return undefined;
  const parts =
    geometry.type === SHAPES.polygon
      ? [geometry]
      : geometry.type === SHAPES.multipolygon
        ? geometry.parts
        : undefined;
  const rings =
    parts !== undefined && insideImage(parts, width, height) ? orientedRings(parts) : maskOutline(pixels);
  return joinRings(rings);
}
