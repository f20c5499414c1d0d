// Meta for formats that have no meta.json (COCO, YOLO, class folders): class shapes inferred from the
// geometries found, and colours that depend only on the class's position, so they are stable across runs.
import type { ClassMeta, ProjectMeta, TagMeta } from '../../core/schemas';
import { SHAPES } from '../../core/names';
import type { Shape } from '../../core/names';
import type { Geometry } from '../model';

/** Golden-angle hue steps keep neighbouring classes far apart in colour. */
const GOLDEN_ANGLE = 137.508;
const SATURATION = 0.75;
const VALUE = 0.9;

function channelHex(value: number): string {
  return Math.round(value * 255)
    .toString(16)
    .padStart(2, '0')
    .toUpperCase();
}

/** A `#RRGGBB` colour for the class at `index`; the same index always gives the same colour. */
export function classColor(index: number): string {
  const hue = (index * GOLDEN_ANGLE) % 360;
  const chroma = VALUE * SATURATION;
  const second = chroma * (1 - Math.abs(((hue / 60) % 2) - 1));
  const sector = Math.floor(hue / 60);
  const sectors: readonly (readonly [red: number, green: number, blue: number])[] = [
    [chroma, second, 0],
    [second, chroma, 0],
    [0, chroma, second],
    [0, second, chroma],
    [second, 0, chroma],
    [chroma, 0, second],
  ];
  const [red, green, blue] = sectors[sector] ?? [chroma, 0, 0];
  const base = VALUE - chroma;
  return `#${channelHex(red + base)}${channelHex(green + base)}${channelHex(blue + base)}`;
}

/** Which geometry types a class's objects have; fed object by object while reading. */
export class ShapeTally {
  private readonly seen = new Map<string, Set<Geometry['type']>>();

  add(classTitle: string, type: Geometry['type']): void {
    let types = this.seen.get(classTitle);
    if (types === undefined) {
      types = new Set();
      this.seen.set(classTitle, types);
    }
    types.add(type);
  }

  /**
   * A bitmap when any object is a mask (polygons convert to masks without loss, not the reverse); a
   * polygon or rectangle when every object is one; `any` for other mixtures. A class without objects is
   * a rectangle, the shape of a detection class.
   */
  shapeOf(classTitle: string): Shape {
    const types = this.seen.get(classTitle);
    if (types === undefined) return SHAPES.rectangle;
    if (types.has('bitmap')) return SHAPES.bitmap;
    if (types.size > 1) {
      const onlyPolygons = [...types].every((type) => type === 'polygon' || type === 'multipolygon');
      return onlyPolygons ? SHAPES.polygon : SHAPES.any;
    }
    const [only] = types;
    return only === 'multipolygon' ? SHAPES.polygon : (only ?? SHAPES.rectangle);
  }
}

export function derivedClasses(titles: readonly string[], shapeOf: (title: string) => Shape): ClassMeta[] {
  return titles.map((title, index) => ({ title, shape: shapeOf(title), color: classColor(index) }));
}

export function derivedMeta(classes: ClassMeta[], tags: TagMeta[] = []): ProjectMeta {
  return { classes, tags };
}
