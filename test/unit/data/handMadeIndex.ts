// Small indexes built by hand, for the tests of splits, class filtering, conversion and writers: each test
// states exactly the items and objects it is about, independent of any reader.
import { SHAPES } from '../../../src/core/names';
import type { Shape } from '../../../src/core/names';
import type { DatasetIndex, DatasetItem, DatasetObject, Geometry, Tag } from '../../../src/data/model';

export interface ItemSpec {
  readonly dataset?: string;
  readonly name: string;
  readonly width?: number;
  readonly height?: number;
  readonly tags?: readonly Tag[];
  readonly objects?: readonly DatasetObject[];
  /** Defaults to a path under /nonexistent, for tests that never touch the image. */
  readonly imagePath?: string;
}

export function makeItem(spec: ItemSpec): DatasetItem {
  const dataset = spec.dataset ?? 'ds';
  return {
    ref: `${dataset}/${spec.name}`,
    dataset,
    name: spec.name,
    imagePath: spec.imagePath ?? `/nonexistent/${dataset}/img/${spec.name}`,
    width: spec.width ?? 32,
    height: spec.height ?? 32,
    tags: spec.tags ?? [],
    objects: spec.objects ?? [],
  };
}

export function makeObject(classTitle: string, geometry: Geometry, crowd = false): DatasetObject {
  return { classTitle, geometry, tags: [], crowd };
}

export function box(left: number, top: number, right: number, bottom: number): Geometry {
  return { type: SHAPES.rectangle, left, top, right, bottom };
}

export interface IndexSpec {
  readonly items: readonly DatasetItem[];
  /** Class titles with their shapes, in meta order. */
  readonly classes?: readonly (readonly [title: string, shape: Shape])[];
  readonly tags?: readonly string[];
  readonly root?: string;
}

export function makeIndex(spec: IndexSpec): DatasetIndex {
  return {
    format: 'supervisely',
    root: spec.root ?? '/nonexistent',
    meta: {
      classes: (spec.classes ?? []).map(([title, shape]) => ({ title, shape, color: '#FF0000' })),
      tags: (spec.tags ?? []).map((name) => ({ name, value_type: 'none' })),
    },
    datasets: [...new Set(spec.items.map((item) => item.dataset))],
    items: spec.items,
    problems: [],
  };
}

/** Freezes the whole index, so that a function that mutates its input throws in strict mode. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
