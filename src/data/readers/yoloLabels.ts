// One YOLO label line: `cls cx cy w h` (a box) or `cls x1 y1 x2 y2 …` (a polygon), normalised to 0..1.
import type { DatasetObject, Geometry, Point } from '../model';
import { checkInsideImage } from './imageBounds';
import { InvalidData } from './invalidData';

const BOX_FIELDS = 5;
const POLYGON_MINIMUM_FIELDS = 7;
const LINE_HINT = 'Fix the line, or delete it.';
const FIELDS = /\s+/;
const CLASS_INDEX = /^\d+$/;

export interface LabelContext {
  /** Class titles by YOLO index. */
  readonly titles: ReadonlyMap<number, string>;
  readonly width: number;
  readonly height: number;
}

function numberField(field: string, where: string): number {
  const value = Number(field);
  if (field === '' || !Number.isFinite(value)) {
    throw new InvalidData(`'${field}' is not a number`, { where, hint: LINE_HINT });
  }
  return value;
}

/** The box covers whole pixels: its right edge (cx + w/2) × width is one past the last column. */
function boxGeometry(values: readonly number[], context: LabelContext, where: string): Geometry {
  const [cx = 0, cy = 0, width = 0, height = 0] = values;
  const left = Math.round((cx - width / 2) * context.width);
  const top = Math.round((cy - height / 2) * context.height);
  const right = Math.round((cx + width / 2) * context.width) - 1;
  const bottom = Math.round((cy + height / 2) * context.height) - 1;
  if (width <= 0 || height <= 0 || right < left || bottom < top) {
    throw new InvalidData(`the box has zero size (w ${width}, h ${height})`, {
      where,
      hint: 'Delete the line, or give the box a width and height of at least one pixel.',
    });
  }
  return { type: 'rectangle', left, top, right, bottom };
}

function polygonGeometry(values: readonly number[], context: LabelContext): Geometry {
  const exterior: Point[] = [];
  for (let index = 0; index + 1 < values.length; index += 2) {
    exterior.push([(values[index] ?? 0) * context.width, (values[index + 1] ?? 0) * context.height]);
  }
  return { type: 'polygon', exterior, interior: [] };
}

/** The object on a label line, or undefined for a blank line. */
export function readLabelLine(
  line: string,
  lineNumber: number,
  context: LabelContext,
): DatasetObject | undefined {
  const trimmed = line.trim();
  if (trimmed === '') return undefined;
  const where = `line ${lineNumber}`;
  const fields = trimmed.split(FIELDS);
  const isBox = fields.length === BOX_FIELDS;
  if (!isBox && (fields.length < POLYGON_MINIMUM_FIELDS || fields.length % 2 === 0)) {
    throw new InvalidData(
      `expected 5 fields (class cx cy w h) or an odd number of at least 7 (class x1 y1 x2 y2 x3 y3 …), found ${fields.length}`,
      { where, hint: LINE_HINT },
    );
  }
  const [classField = '', ...valueFields] = fields;
  const classTitle = CLASS_INDEX.test(classField) ? context.titles.get(Number(classField)) : undefined;
  if (classTitle === undefined) {
    throw new InvalidData(`the class '${classField}' is not an index of names in data.yaml`, {
      where,
      hint: 'Add the class to names in data.yaml, or fix the line.',
    });
  }
  const values = valueFields.map((field) => numberField(field, where));
  const geometry = isBox ? boxGeometry(values, context, where) : polygonGeometry(values, context);
  checkInsideImage(geometry, context.width, context.height, where);
  return { classTitle, geometry, tags: [], crowd: false };
}
