import { TASK_TYPES } from '../../core/names';
import type { TaskType } from '../../core/names';

/** What a model of each task trains on, for messages about data that does not fit it. */
export const TASK_NEEDS: Readonly<Record<TaskType, string>> = {
  [TASK_TYPES.classification]:
    'one label per image: its class folder, or an image tag without a value named like the class',
  [TASK_TYPES.objectDetection]:
    'boxes: rectangles, or polygons, multipolygons, bitmaps, lines and keypoint graphs converted to boxes',
  [TASK_TYPES.instanceSegmentation]:
    'areas: polygons, multipolygons and bitmaps, or rectangles converted to polygons',
  [TASK_TYPES.semanticSegmentation]: 'areas: rectangles, polygons, multipolygons and bitmaps',
  [TASK_TYPES.poseEstimation]: 'keypoint graphs',
};

/** `Object detection trains on boxes: …`, a sentence. */
export function taskNeedsSentence(taskType: TaskType): string {
  return `${taskType.charAt(0).toUpperCase()}${taskType.slice(1)} trains on ${TASK_NEEDS[taskType]}.`;
}
