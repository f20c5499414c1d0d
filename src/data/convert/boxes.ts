import { SHAPES } from '../../core/names';
import type { Geometry, Point } from '../model';
import {
  imageBounds,
  intersectBounds,
  isAreaGeometry,
  NO_PIXELS,
  objectPixels,
  placedBounds,
} from './rasterize';
import type { PixelBounds } from './rasterize';

export type RectangleGeometry = Extract<Geometry, { type: typeof SHAPES.rectangle }>;

/** A geometry's box, or why it has none. */
export type BoxOutcome = { readonly box: RectangleGeometry } | { readonly reason: string };

const NO_BOX_REASONS = {
  point: 'a point has no extent',
  onePixel: 'its points all fall in one pixel, which has no extent',
  noEnabledNode: 'the graph has no enabled node',
} as const;

function toRectangle(bounds: PixelBounds): RectangleGeometry {
  return { type: SHAPES.rectangle, ...bounds };
}

/** Line vertices and graph nodes are pixel indices, like Supervisely's points: the pixel a point is in. */
function boxOfPoints(points: readonly Point[], width: number, height: number): BoxOutcome {
  const columns = points.map(([x]) => Math.floor(x));
  const rows = points.map(([, y]) => Math.floor(y));
  const spanned = {
    left: Math.min(...columns),
    top: Math.min(...rows),
    right: Math.max(...columns),
    bottom: Math.max(...rows),
  };
  if (spanned.left === spanned.right && spanned.top === spanned.bottom)
    return { reason: NO_BOX_REASONS.onePixel };
  const clipped = intersectBounds(spanned, imageBounds(width, height));
  return clipped === undefined ? { reason: NO_PIXELS } : { box: toRectangle(clipped) };
}

/**
 * The box of a geometry in a width × height image, clipped to it. Area geometries give the inclusive
 * bounds of their pixels; a line or a graph (its enabled nodes) the bounds of its points, when they span
 * more than one pixel. A single point has no box.
 */
export function boxOf(geometry: Geometry, width: number, height: number): BoxOutcome {
  if (isAreaGeometry(geometry)) {
    const pixels = objectPixels(geometry, width, height);
    return pixels === undefined ? { reason: NO_PIXELS } : { box: toRectangle(placedBounds(pixels)) };
  }
  switch (geometry.type) {
    case SHAPES.point:
      return { reason: NO_BOX_REASONS.point };
    case SHAPES.line:
      return boxOfPoints(geometry.points, width, height);
    case SHAPES.graph: {
      const enabled = geometry.nodes.filter((node) => !node.disabled).map((node): Point => [node.x, node.y]);
      return enabled.length === 0
        ? { reason: NO_BOX_REASONS.noEnabledNode }
        : boxOfPoints(enabled, width, height);
    }
  }
}
