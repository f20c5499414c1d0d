// What an item is trained and scored against: ground truth in original pixels, from the data layer's
// conventions, and the training targets it becomes in input pixels once fitted.
import { boxOf, classificationLabel, semanticMask } from '../../data/convert';
import { DatasetError } from '../../data/errors';
import type { DatasetItem } from '../../data/model';
import type { LabelledBox } from '../../metrics/predictions';
import type { TargetBox } from '../contracts';
import type { AxisMap, InputFit } from './fit';

/**
 * A box whose visible part is under this fraction of its area after cropping is dropped: what is left shows
 * too little of the object to be labelled as one, and training on it teaches the model to fire on fragments.
 */
const MIN_VISIBLE_FRACTION = 0.25;
/** A box thinner than this many input pixels is dropped: it is below what the model can localise. */
const MIN_BOX_SIDE = 2;

/** The item's class index, or a DatasetError: items without a label must be left out by the caller. */
export function classIndexOf(item: DatasetItem, classes: readonly string[]): number {
  const outcome = classificationLabel(item, new Set(classes));
  if ('reason' in outcome) {
    throw new DatasetError({
      file: item.imagePath,
      message: `${item.ref} cannot be trained for classification: ${outcome.reason}`,
      hint: 'Leave items without exactly one class tag out of the run, as the data conversion does.',
    });
  }
  return classes.indexOf(outcome.label);
}

/**
 * The boxes of the item's objects of the selected classes, in original pixels with exclusive x2 and y2.
 * Objects without a box (points) and of other classes are left out.
 */
export function originalBoxes(item: DatasetItem, classes: readonly string[]): LabelledBox[] {
  const boxes: LabelledBox[] = [];
  for (const object of item.objects) {
    const classIndex = classes.indexOf(object.classTitle);
    if (classIndex < 0) continue;
    const outcome = boxOf(object.geometry, item.width, item.height);
    if ('reason' in outcome) continue;
    const { left, top, right, bottom } = outcome.box;
    // boxOf's rectangles are inclusive pixel bounds.
    boxes.push({ classIndex, x1: left, y1: top, x2: right + 1, y2: bottom + 1, crowd: object.crowd });
  }
  return boxes;
}

/** The item's class mask at original size: objects of other classes are background. */
export function originalMask(item: DatasetItem, classes: readonly string[]): Uint8Array {
  const selected = new Set(classes);
  const mask = semanticMask(
    { ...item, objects: item.objects.filter((object) => selected.has(object.classTitle)) },
    classes,
  );
  // The pipeline refuses more classes than a byte holds beside IGNORE_PIXEL, so this is always 8-bit.
  return mask instanceof Uint8Array ? mask : Uint8Array.from(mask);
}

/** An interval through an axis map, in increasing order whatever the flip. */
function mappedSpan(map: AxisMap, from: number, to: number): { start: number; end: number } {
  const a = map.scale * from + map.offset;
  const b = map.scale * to + map.offset;
  return a < b ? { start: a, end: b } : { start: b, end: a };
}

/**
 * A box in input pixels: clipped to what the crop shows, then dropped by the rules above. Crowd regions are
 * no instance to learn, so they are left out of training (metrics still see them through groundTruth).
 */
export function inputBox(box: LabelledBox, fit: InputFit): TargetBox | undefined {
  if (box.crowd === true) return undefined;
  const { visible } = fit;
  const x1 = Math.max(box.x1, visible.x);
  const y1 = Math.max(box.y1, visible.y);
  const x2 = Math.min(box.x2, visible.x + visible.width);
  const y2 = Math.min(box.y2, visible.y + visible.height);
  if (x2 <= x1 || y2 <= y1) return undefined;
  const visibleFraction = ((x2 - x1) * (y2 - y1)) / ((box.x2 - box.x1) * (box.y2 - box.y1));
  if (visibleFraction < MIN_VISIBLE_FRACTION) return undefined;
  const columns = mappedSpan(fit.x, x1, x2);
  const rows = mappedSpan(fit.y, y1, y2);
  if (columns.end - columns.start < MIN_BOX_SIDE || rows.end - rows.start < MIN_BOX_SIDE) return undefined;
  return { classIndex: box.classIndex, x1: columns.start, y1: rows.start, x2: columns.end, y2: rows.end };
}
