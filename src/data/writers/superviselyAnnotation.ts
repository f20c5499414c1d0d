// One Supervisely annotation file (FORMATS.md §1), the inverse of readers/supervisely.ts and
// superviselyObject.ts for the geometries a model predicts: rectangles and bitmaps.
import zlib from 'node:zlib';
import { SHAPES } from '../../core/names';
import type { Geometry, Mask, Tag } from '../model';
import { encodePngMask } from './pngMask';

export type WrittenGeometry = Extract<Geometry, { readonly type: 'rectangle' | 'bitmap' }>;

export interface WrittenObject {
  readonly classTitle: string;
  readonly geometry: WrittenGeometry;
  readonly tags: readonly Tag[];
}

export interface WrittenAnnotation {
  readonly width: number;
  readonly height: number;
  readonly tags: readonly Tag[];
  readonly objects: readonly WrittenObject[];
}

interface TagJson {
  readonly name: string;
  readonly value: string | number | null;
}

type ObjectJson = {
  readonly classTitle: string;
  readonly tags: readonly TagJson[];
} & (
  | {
      readonly geometryType: typeof SHAPES.rectangle;
      readonly points: { readonly exterior: readonly (readonly number[])[]; readonly interior: [] };
    }
  | {
      readonly geometryType: typeof SHAPES.bitmap;
      readonly bitmap: { readonly data: string; readonly origin: readonly number[] };
    }
);

export interface SuperviselyAnnotationJson {
  readonly description: string;
  readonly size: { readonly height: number; readonly width: number };
  readonly tags: readonly TagJson[];
  readonly objects: readonly ObjectJson[];
}

/** Supervisely's bitmap payload: base64 of a zlib-compressed PNG whose one grey channel is the mask. */
export function encodeBitmapData(mask: Mask): string {
  return zlib.deflateSync(encodePngMask(mask)).toString('base64');
}

// Supervisely writes a tag of value_type none with a null value.
const tagJson = (tag: Tag): TagJson => ({ name: tag.name, value: tag.value ?? null });

function objectJson(object: WrittenObject): ObjectJson {
  const { classTitle, geometry } = object;
  const tags = object.tags.map(tagJson);
  if (geometry.type === 'rectangle') {
    const { left, top, right, bottom } = geometry;
    return {
      classTitle,
      tags,
      geometryType: SHAPES.rectangle,
      points: {
        exterior: [
          [left, top],
          [right, bottom],
        ],
        interior: [],
      },
    };
  }
  return {
    classTitle,
    tags,
    geometryType: SHAPES.bitmap,
    bitmap: { data: encodeBitmapData(geometry.mask), origin: [...geometry.origin] },
  };
}

export function superviselyAnnotation(annotation: WrittenAnnotation): SuperviselyAnnotationJson {
  return {
    description: '',
    size: { height: annotation.height, width: annotation.width },
    tags: annotation.tags.map(tagJson),
    objects: annotation.objects.map(objectJson),
  };
}
