// Per task: the ground truth of an item in original pixels, and its training targets in a batch.
import { TASK_TYPES } from '../../core/names';
import type { DatasetItem } from '../../data/model';
import type { GroundTruth, LabelledBox } from '../../metrics/predictions';
import type { BatchTargets, EngineTask, TargetBox } from '../contracts';
import { IGNORE_PIXEL } from '../contracts';
import type { InputFit } from './fit';
import { resampleMask } from './resample';
import { classIndexOf, inputBox, originalBoxes, originalMask } from './targets';

export interface BatchTargetWriter {
  readonly targets: BatchTargets;
  /** Writes the targets of item `index`, fitted by `fit`, at `position` in the batch. */
  write(position: number, index: number, fit: InputFit): void;
}

export interface TaskTargets {
  forBatch(size: number): BatchTargetWriter;
  groundTruth(index: number): GroundTruth;
}

function noItem(index: number, count: number): RangeError {
  return new RangeError(`There is no item ${index}: the pipeline has ${count} items.`);
}

function itemAt(items: readonly DatasetItem[], index: number): DatasetItem {
  const item = items[index];
  if (item === undefined) throw noItem(index, items.length);
  return item;
}

/** Labels are few and cheap, and working them all out at once reports an unlabelled item before training. */
function classificationTargets(items: readonly DatasetItem[], classes: readonly string[]): TaskTargets {
  const labels = Int32Array.from(items, (item) => classIndexOf(item, classes));
  const labelOf = (index: number): number => {
    const label = labels[index];
    if (label === undefined) throw noItem(index, items.length);
    return label;
  };
  return {
    forBatch(size) {
      const batchLabels = new Int32Array(size);
      return {
        targets: { task: TASK_TYPES.classification, labels: batchLabels },
        write: (position, index) => {
          batchLabels[position] = labelOf(index);
        },
      };
    },
    groundTruth: (index) => ({ task: TASK_TYPES.classification, classIndex: labelOf(index) }),
  };
}

function detectionTargets(items: readonly DatasetItem[], classes: readonly string[]): TaskTargets {
  const known = new Map<number, readonly LabelledBox[]>();
  const boxesOf = (index: number): readonly LabelledBox[] => {
    let boxes = known.get(index);
    if (boxes === undefined) {
      boxes = originalBoxes(itemAt(items, index), classes);
      known.set(index, boxes);
    }
    return boxes;
  };
  return {
    forBatch(size) {
      const boxes: TargetBox[][] = Array.from({ length: size }, () => []);
      return {
        targets: { task: TASK_TYPES.objectDetection, boxes },
        write: (position, index, fit) => {
          boxes[position] = boxesOf(index).flatMap((box) => inputBox(box, fit) ?? []);
        },
      };
    },
    groundTruth: (index) => ({ task: TASK_TYPES.objectDetection, boxes: boxesOf(index) }),
  };
}

/** Masks are as large as their images, so they are painted when needed rather than kept. */
function segmentationTargets(
  items: readonly DatasetItem[],
  classes: readonly string[],
  inputSize: number,
): TaskTargets {
  const pixels = inputSize * inputSize;
  return {
    forBatch(size) {
      const masks = new Uint8Array(size * pixels).fill(IGNORE_PIXEL);
      return {
        targets: { task: TASK_TYPES.semanticSegmentation, masks },
        write: (position, index, fit) => {
          const item = itemAt(items, index);
          resampleMask(
            originalMask(item, classes),
            fit,
            item.width,
            item.height,
            inputSize,
            masks,
            position * pixels,
          );
        },
      };
    },
    groundTruth: (index) => {
      const item = itemAt(items, index);
      return {
        task: TASK_TYPES.semanticSegmentation,
        width: item.width,
        height: item.height,
        mask: originalMask(item, classes),
      };
    },
  };
}

export function taskTargets(
  task: EngineTask,
  items: readonly DatasetItem[],
  classes: readonly string[],
  inputSize: number,
): TaskTargets {
  switch (task) {
    case TASK_TYPES.classification:
      return classificationTargets(items, classes);
    case TASK_TYPES.objectDetection:
      return detectionTargets(items, classes);
    case TASK_TYPES.semanticSegmentation:
      return segmentationTargets(items, classes, inputSize);
  }
}
