// What `train-studio inspect` reports about an index: counts per dataset and class, unlabelled images,
// the range of image sizes and the problems met while reading.
import type { DataProblem, DatasetFormat, DatasetIndex, DatasetItem, Geometry } from './model';

export interface DatasetSummary {
  readonly name: string;
  readonly images: number;
}

export interface ClassSummary {
  readonly title: string;
  readonly shape: string;
  readonly objects: number;
  /** Object counts by geometry type, such as `{ polygon: 3, bitmap: 1 }`. */
  readonly byGeometry: Readonly<Partial<Record<Geometry['type'], number>>>;
  /** Images with at least one object of the class, or labelled with it (an image tag of its name). */
  readonly images: number;
}

export interface SizeRange {
  readonly minWidth: number;
  readonly maxWidth: number;
  readonly minHeight: number;
  readonly maxHeight: number;
}

export interface DatasetReport {
  readonly format: DatasetFormat;
  readonly root: string;
  readonly datasets: readonly DatasetSummary[];
  readonly images: number;
  readonly objects: number;
  readonly classes: readonly ClassSummary[];
  /** Refs of images with neither an object nor a class label. */
  readonly unannotated: readonly string[];
  /** Undefined when there are no images. */
  readonly sizes: SizeRange | undefined;
  readonly problems: readonly DataProblem[];
}

interface ClassCounter {
  objects: number;
  images: number;
  readonly byGeometry: Partial<Record<Geometry['type'], number>>;
}

function sizeRange(items: readonly DatasetItem[]): SizeRange | undefined {
  if (items.length === 0) return undefined;
  let minWidth = Infinity;
  let maxWidth = 0;
  let minHeight = Infinity;
  let maxHeight = 0;
  for (const { width, height } of items) {
    minWidth = Math.min(minWidth, width);
    maxWidth = Math.max(maxWidth, width);
    minHeight = Math.min(minHeight, height);
    maxHeight = Math.max(maxHeight, height);
  }
  return { minWidth, maxWidth, minHeight, maxHeight };
}

export function inspectIndex(index: DatasetIndex): DatasetReport {
  const counters = new Map<string, ClassCounter>();
  const counterOf = (title: string): ClassCounter => {
    let counter = counters.get(title);
    if (counter === undefined) {
      counter = { objects: 0, images: 0, byGeometry: {} };
      counters.set(title, counter);
    }
    return counter;
  };
  for (const classMeta of index.meta.classes) counterOf(classMeta.title);
  const imagesPerDataset = new Map(index.datasets.map((name) => [name, 0]));
  const unannotated: string[] = [];
  let objects = 0;
  for (const item of index.items) {
    imagesPerDataset.set(item.dataset, (imagesPerDataset.get(item.dataset) ?? 0) + 1);
    const classesInImage = new Set<string>();
    for (const object of item.objects) {
      const counter = counterOf(object.classTitle);
      counter.objects++;
      counter.byGeometry[object.geometry.type] = (counter.byGeometry[object.geometry.type] ?? 0) + 1;
      classesInImage.add(object.classTitle);
    }
    for (const tag of item.tags) if (counters.has(tag.name)) classesInImage.add(tag.name);
    for (const title of classesInImage) counterOf(title).images++;
    if (classesInImage.size === 0) unannotated.push(item.ref);
    objects += item.objects.length;
  }
  const shapes = new Map(index.meta.classes.map((classMeta) => [classMeta.title, classMeta.shape]));
  return {
    format: index.format,
    root: index.root,
    datasets: [...imagesPerDataset].map(([name, images]) => ({ name, images })),
    images: index.items.length,
    objects,
    classes: [...counters].map(([title, counter]) => ({
      title,
      shape: shapes.get(title) ?? 'any',
      ...counter,
    })),
    unannotated,
    sizes: sizeRange(index.items),
    problems: index.problems,
  };
}
