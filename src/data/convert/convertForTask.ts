import { SHAPES, TASK_TYPES } from '../../core/names';
import type { Shape, TaskType } from '../../core/names';
import type { ClassMeta } from '../../core/schemas';
import type { DatasetIndex, DatasetItem, DatasetObject, Geometry } from '../model';
import { boxOf } from './boxes';
import { classificationLabel } from './classification';
import { CONVERSION_OUTCOMES, ConversionReportBuilder } from './conversionReport';
import type { ConversionReport, ObjectOutcome } from './conversionReport';
import { isAreaGeometry, NO_PIXELS, objectPixels } from './rasterize';

export interface ConversionResult {
  /** A new index; the input is left as it was. */
  readonly index: DatasetIndex;
  readonly report: ConversionReport;
}

type GeometryConversion = { readonly geometry: Geometry } | { readonly reason: string };

const NO_AREA = 'it has no area';
const NOT_KEYPOINTS = 'pose estimation trains on keypoint graphs only';

/** Area shapes stay as they are when they cover a pixel of the image; they are rasterised when used. */
function keepArea(geometry: Geometry, width: number, height: number): GeometryConversion {
  if (!isAreaGeometry(geometry)) return { reason: NO_AREA };
  const covered = objectPixels(geometry, width, height) !== undefined;
  return covered ? { geometry } : { reason: NO_PIXELS };
}

/**
 * Instance masks keep polygons and bitmaps. A rectangle becomes the polygon of exactly its pixels: it is
 * what the annotator marked, and dropping it would silently empty a class labelled with boxes; the report
 * shows the conversion so that a user who did not want it can deselect the class.
 */
function forInstanceSegmentation(geometry: Geometry, width: number, height: number): GeometryConversion {
  if (geometry.type !== SHAPES.rectangle) return keepArea(geometry, width, height);
  const clipped = boxOf(geometry, width, height);
  if ('reason' in clipped) return clipped;
  const { left, top, right, bottom } = clipped.box;
  return {
    geometry: {
      type: SHAPES.polygon,
      exterior: [
        [left, top],
        [right + 1, top],
        [right + 1, bottom + 1],
        [left, bottom + 1],
      ],
      interior: [],
    },
  };
}

/** Classification labels whole images and leaves objects alone. */
type ObjectTaskType = Exclude<TaskType, typeof TASK_TYPES.classification>;

function convertGeometry(
  geometry: Geometry,
  taskType: ObjectTaskType,
  width: number,
  height: number,
): GeometryConversion {
  switch (taskType) {
    case TASK_TYPES.objectDetection: {
      const outcome = boxOf(geometry, width, height);
      return 'box' in outcome ? { geometry: outcome.box } : outcome;
    }
    case TASK_TYPES.instanceSegmentation:
      return forInstanceSegmentation(geometry, width, height);
    case TASK_TYPES.semanticSegmentation:
      return keepArea(geometry, width, height);
    case TASK_TYPES.poseEstimation:
      return geometry.type === SHAPES.graph ? { geometry } : { reason: NOT_KEYPOINTS };
  }
}

/** The shape a class declares once its objects are converted, for model_meta.json. */
function convertedClassShape(shape: Shape, taskType: TaskType): Shape {
  if (taskType === TASK_TYPES.objectDetection) return SHAPES.rectangle;
  if (taskType === TASK_TYPES.instanceSegmentation && shape === SHAPES.rectangle) return SHAPES.polygon;
  return shape;
}

function outcomeOf(before: Geometry, after: GeometryConversion): ObjectOutcome {
  if ('reason' in after) return { outcome: CONVERSION_OUTCOMES.dropped, reason: after.reason };
  return after.geometry.type === before.type
    ? { outcome: CONVERSION_OUTCOMES.kept }
    : { outcome: CONVERSION_OUTCOMES.converted, to: after.geometry.type };
}

function convertObjects(
  item: DatasetItem,
  taskType: ObjectTaskType,
  report: ConversionReportBuilder,
): DatasetItem {
  const objects: DatasetObject[] = [];
  for (const object of item.objects) {
    const converted = convertGeometry(object.geometry, taskType, item.width, item.height);
    report.count(object.classTitle, object.geometry.type, outcomeOf(object.geometry, converted));
    if ('geometry' in converted) objects.push({ ...object, geometry: converted.geometry });
  }
  return { ...item, objects };
}

/**
 * Fits the objects to what a model of `taskType` trains on (see README.md for each task), and counts what
 * was kept, converted and dropped, per class and shape.
 */
export function convertForTask(index: DatasetIndex, taskType: TaskType): ConversionResult {
  const report = new ConversionReportBuilder(taskType);
  const classes: ClassMeta[] = index.meta.classes.map((cls) => ({
    ...cls,
    shape: convertedClassShape(cls.shape, taskType),
  }));
  let items: DatasetItem[];
  if (taskType === TASK_TYPES.classification) {
    const classTitles = new Set(classes.map((cls) => cls.title));
    items = index.items.filter((item) => {
      const labelled = classificationLabel(item, classTitles);
      if ('reason' in labelled) report.dropItem(item.ref, labelled.reason);
      return 'label' in labelled;
    });
  } else {
    items = index.items.map((item) => convertObjects(item, taskType, report));
  }
  return { index: { ...index, meta: { ...index.meta, classes }, items }, report: report.build() };
}
