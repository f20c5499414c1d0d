// One object of a Supervisely annotation (FORMATS.md §1) into the index's form, checked against the meta
// and the image size.
import { suggestClosest } from '../../core/config/didYouMean';
import type { ClassMeta } from '../../core/schemas';
import { SHAPES } from '../../core/names';
import type { DatasetObject, Geometry, GraphNode, Mask, Point, PolygonRings } from '../model';
import { decodeBitmapData } from './bitmapData';
import { checkInsideImage } from './imageBounds';
import { InvalidData } from './invalidData';
import {
  arrayAt,
  integerAt,
  isObject,
  objectAt,
  optionalArrayAt,
  pointAt,
  pointsAt,
  stringAt,
  tagsAt,
} from './jsonValues';
import type { JsonObject } from './jsonValues';

export interface ObjectContext {
  readonly classes: ReadonlyMap<string, ClassMeta>;
  readonly width: number;
  readonly height: number;
}

const POLYGON_MINIMUM = 3;
const LINE_MINIMUM = 2;

function ringsAt(value: unknown, where: string): PolygonRings {
  const rings = objectAt(value, where);
  const interior = optionalArrayAt(rings.interior, `${where}.interior`);
  return {
    exterior: pointsAt(rings.exterior, `${where}.exterior`, POLYGON_MINIMUM),
    interior: interior.map((hole, index) => pointsAt(hole, `${where}.interior[${index}]`, POLYGON_MINIMUM)),
  };
}

function rectangleAt(object: JsonObject, where: string): Geometry {
  const exterior = pointsAt(
    objectAt(object.points, `${where}.points`).exterior,
    `${where}.points.exterior`,
    2,
  );
  const [first, second] = exterior;
  if (first === undefined || second === undefined || exterior.length !== 2) {
    throw new InvalidData('a rectangle needs exactly two points, [[left, top], [right, bottom]]', {
      where: `${where}.points.exterior`,
    });
  }
  // Corners in either order describe the same rectangle.
  return {
    type: 'rectangle',
    left: Math.min(first[0], second[0]),
    top: Math.min(first[1], second[1]),
    right: Math.max(first[0], second[0]),
    bottom: Math.max(first[1], second[1]),
  };
}

function bitmapAt(object: JsonObject, where: string): Geometry {
  const bitmapWhere = `${where}.bitmap`;
  const bitmap = objectAt(object.bitmap, bitmapWhere);
  const origin = pointAt(bitmap.origin, `${bitmapWhere}.origin`);
  integerAt(origin[0], `${bitmapWhere}.origin[0]`);
  integerAt(origin[1], `${bitmapWhere}.origin[1]`);
  const mask: Mask = decodeBitmapData(stringAt(bitmap.data, `${bitmapWhere}.data`), `${bitmapWhere}.data`);
  if (!mask.data.includes(1)) {
    throw new InvalidData('the bitmap has no pixels set', {
      where: `${bitmapWhere}.data`,
      hint: 'Remove the empty object.',
    });
  }
  return { type: 'bitmap', origin, mask };
}

function graphAt(object: JsonObject, where: string): Geometry {
  const nodes = objectAt(object.nodes, `${where}.nodes`);
  const list: GraphNode[] = Object.entries(nodes).map(([id, value]) => {
    const nodeWhere = `${where}.nodes.${id}`;
    const node = objectAt(value, nodeWhere);
    const [x, y] = pointAt(node.loc, `${nodeWhere}.loc`);
    return { id, x, y, disabled: node.disabled === true };
  });
  return { type: 'graph', nodes: list };
}

function exteriorAt(object: JsonObject, where: string, minimum: number): readonly Point[] {
  return pointsAt(objectAt(object.points, `${where}.points`).exterior, `${where}.points.exterior`, minimum);
}

function geometryAt(object: JsonObject, type: string, where: string): Geometry {
  switch (type) {
    case SHAPES.rectangle:
      return rectangleAt(object, where);
    case SHAPES.polygon:
      return { type: 'polygon', ...ringsAt(object.points, `${where}.points`) };
    case SHAPES.multipolygon: {
      const parts = arrayAt(object.parts, `${where}.parts`);
      return {
        type: 'multipolygon',
        parts: parts.map((part, index) => ringsAt(part, `${where}.parts[${index}]`)),
      };
    }
    case SHAPES.bitmap:
      return bitmapAt(object, where);
    case SHAPES.line:
      return { type: 'line', points: exteriorAt(object, where, LINE_MINIMUM) };
    case SHAPES.point: {
      const [point] = exteriorAt(object, where, 1);
      return { type: 'point', x: point?.[0] ?? 0, y: point?.[1] ?? 0 };
    }
    case SHAPES.graph:
      return graphAt(object, where);
    default:
      throw new InvalidData(`the geometry type '${type}' is not supported`, {
        where: `${where}.geometryType`,
        hint: 'Train Studio reads rectangle, polygon, multipolygon, bitmap, line, point and graph objects; convert or remove this one.',
      });
  }
}

function classOf(object: JsonObject, context: ObjectContext, where: string): ClassMeta {
  const title = stringAt(object.classTitle, `${where}.classTitle`);
  const classMeta = context.classes.get(title);
  if (classMeta === undefined) {
    const suggestion = suggestClosest(title, [...context.classes.keys()]);
    throw new InvalidData(`the class '${title}' is not in meta.json`, {
      where: `${where}.classTitle`,
      hint: `${suggestion ? `Did you mean '${suggestion}'? ` : ''}Add the class to meta.json, or fix the object’s classTitle.`,
    });
  }
  return classMeta;
}

export function readSuperviselyObject(value: unknown, context: ObjectContext, where: string): DatasetObject {
  if (!isObject(value)) throw new InvalidData('expected an object', { where });
  const classMeta = classOf(value, context, where);
  const type = stringAt(value.geometryType, `${where}.geometryType`);
  if (classMeta.shape !== SHAPES.any && classMeta.shape !== type) {
    throw new InvalidData(
      `the object is a ${type}, but its class '${classMeta.title}' has shape ${classMeta.shape}`,
      {
        where: `${where}.geometryType`,
        hint: `Fix the object, or give the class shape 'any' in meta.json.`,
      },
    );
  }
  const geometry = geometryAt(value, type, where);
  checkInsideImage(geometry, context.width, context.height, where);
  return { classTitle: classMeta.title, geometry, tags: tagsAt(value.tags, `${where}.tags`), crowd: false };
}
