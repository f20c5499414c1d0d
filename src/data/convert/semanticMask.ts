import type { DatasetItem } from '../model';
import { imageBounds, isAreaGeometry, paintGeometry } from './rasterize';

/** An object's class is missing from the class list a mask is painted with. */
export class SemanticMaskError extends Error {
  override readonly name = 'SemanticMaskError';
}

const MAX_UINT8_CLASS = 255;
const MAX_UINT16_CLASS = 65535;

/**
 * The item's class-index mask: one value per pixel, row-major, 0 for background and otherwise the class's
 * position in `classTitles` plus one. Uint8 up to 255 classes, Uint16 beyond. Objects are painted in
 * annotation order, so where they overlap the later one wins, as it is drawn on top in the annotation
 * tool. Lines, points and graphs have no area and are not painted (convertForTask reports them).
 */
export function semanticMask(item: DatasetItem, classTitles: readonly string[]): Uint8Array | Uint16Array {
  if (classTitles.length > MAX_UINT16_CLASS) {
    throw new SemanticMaskError(
      `A mask holds at most ${MAX_UINT16_CLASS} classes, not ${classTitles.length}.`,
    );
  }
  const size = item.width * item.height;
  const data = classTitles.length > MAX_UINT8_CLASS ? new Uint16Array(size) : new Uint8Array(size);
  const classValues = new Map(classTitles.map((title, position) => [title, position + 1]));
  for (const object of item.objects) {
    const value = classValues.get(object.classTitle);
    if (value === undefined) {
      throw new SemanticMaskError(
        `${item.ref} has an object of class '${object.classTitle}', which is not among the mask's classes ` +
          `(${classTitles.join(', ')}). Filter the index to the selected classes first.`,
      );
    }
    if (isAreaGeometry(object.geometry))
      paintGeometry({ bounds: imageBounds(item.width, item.height), data }, object.geometry, value);
  }
  return data;
}
