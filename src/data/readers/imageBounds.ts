// Whether a geometry lies inside its image, by the conventions of ../model.ts: rectangles, points and
// masks are pixels (0..width-1), polygon and line vertices continuous coordinates (0..width).
import type { Geometry, Point } from '../model';
import { InvalidData } from './invalidData';

const OUTSIDE_HINT = 'Fix the coordinates, or the image size the annotation was made for.';

function outside(description: string, width: number, height: number, where: string): InvalidData {
  return new InvalidData(`${description} lies outside the ${width}×${height} image`, {
    where,
    hint: OUTSIDE_HINT,
  });
}

function checkVertices(points: readonly Point[], width: number, height: number, where: string): void {
  for (const [x, y] of points) {
    if (x < 0 || y < 0 || x > width || y > height)
      throw outside(`the vertex (${x}, ${y})`, width, height, where);
  }
}

function checkPixel(x: number, y: number, width: number, height: number, where: string): void {
  if (x < 0 || y < 0 || x >= width || y >= height)
    throw outside(`the point (${x}, ${y})`, width, height, where);
}

/** Throws InvalidData, located at `where`, when any part of the geometry is outside the image. */
export function checkInsideImage(geometry: Geometry, width: number, height: number, where: string): void {
  switch (geometry.type) {
    case 'rectangle': {
      const { left, top, right, bottom } = geometry;
      if (left < 0 || top < 0 || right > width - 1 || bottom > height - 1) {
        throw outside(`the rectangle [${left}, ${top}]–[${right}, ${bottom}]`, width, height, where);
      }
      return;
    }
    case 'polygon':
      checkVertices(geometry.exterior, width, height, where);
      for (const hole of geometry.interior) checkVertices(hole, width, height, where);
      return;
    case 'multipolygon':
      for (const part of geometry.parts) {
        checkVertices(part.exterior, width, height, where);
        for (const hole of part.interior) checkVertices(hole, width, height, where);
      }
      return;
    case 'bitmap': {
      const [x, y] = geometry.origin;
      const { mask } = geometry;
      if (x < 0 || y < 0 || x + mask.width > width || y + mask.height > height) {
        throw outside(`the ${mask.width}×${mask.height} mask at (${x}, ${y})`, width, height, where);
      }
      return;
    }
    case 'line':
      checkVertices(geometry.points, width, height, where);
      return;
    case 'point':
      checkPixel(geometry.x, geometry.y, width, height, where);
      return;
    case 'graph':
      // A disabled node is a keypoint that is not visible; its location means nothing.
      for (const node of geometry.nodes) {
        if (!node.disabled) checkPixel(node.x, node.y, width, height, `${where}.nodes.${node.id}`);
      }
      return;
  }
}
