import type { Point } from '../model';
import type { PlacedMask } from '../rle';

type Corner = readonly [x: number, y: number];

/** Unit steps around a set pixel, each with the neighbour that must be unset for the side to be a boundary. */
const SIDES: readonly { readonly from: Corner; readonly to: Corner; readonly neighbour: Corner }[] = [
  { from: [0, 0], to: [1, 0], neighbour: [0, -1] },
  { from: [1, 0], to: [1, 1], neighbour: [1, 0] },
  { from: [1, 1], to: [0, 1], neighbour: [0, 1] },
  { from: [0, 1], to: [0, 0], neighbour: [-1, 0] },
];

function isSet(placed: PlacedMask, x: number, y: number): boolean {
  const { width, height, data } = placed.mask;
  return x >= 0 && y >= 0 && x < width && y < height && data[y * width + x] !== 0;
}

/** Drops the vertices in the middle of a straight run, which a pixel boundary has at every step. */
function withoutStraightVertices(ring: readonly Point[]): Point[] {
  return ring.filter((vertex, position) => {
    const before = ring[(position + ring.length - 1) % ring.length] ?? vertex;
    const after = ring[(position + 1) % ring.length] ?? vertex;
    const cross =
      (vertex[0] - before[0]) * (after[1] - vertex[1]) - (vertex[1] - before[1]) * (after[0] - vertex[0]);
    return cross !== 0;
  });
}

/**
 * The boundary between a mask's set and unset pixels as closed rings, vertices at pixel corners in image
 * coordinates. Filled by the even-odd rule with the pixel-centre convention they give back exactly the
 * mask. Outer boundaries turn clockwise on screen (y down) and holes the other way, so the non-zero rule
 * gives the same pixels too.
 */
export function maskOutline(placed: PlacedMask): Point[][] {
  const { width, height } = placed.mask;
  const cornersPerRow = width + 1;
  const keyOf = ([x, y]: Corner) => y * cornersPerRow + x;
  // Each boundary corner has as many sides leaving it as entering, so following sides always closes a
  // ring. Where two pixels touch only at a corner, two sides leave it; either choice gives valid rings.
  const leaving = new Map<number, Corner[]>();
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!isSet(placed, x, y)) continue;
      for (const { from, to, neighbour } of SIDES) {
        if (isSet(placed, x + neighbour[0], y + neighbour[1])) continue;
        const start = keyOf([x + from[0], y + from[1]]);
        const ends = leaving.get(start) ?? [];
        ends.push([x + to[0], y + to[1]]);
        leaving.set(start, ends);
      }
    }
  }
  const [originX, originY] = placed.origin;
  const rings: Point[][] = [];
  for (const [startKey, ends] of leaving) {
    while (ends.length > 0) {
      const ring: Point[] = [];
      let key = startKey;
      let next = ends.pop();
      while (next !== undefined) {
        ring.push([originX + next[0], originY + next[1]]);
        key = keyOf(next);
        next = key === startKey ? undefined : leaving.get(key)?.pop();
      }
      rings.push(withoutStraightVertices(ring));
    }
  }
  return rings;
}
