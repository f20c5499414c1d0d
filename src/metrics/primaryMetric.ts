import type { TaskType } from '../core/names';
import type { EvaluatedTask } from './evaluation';

// Its own module, apart from the evaluators: the extension's tree labels runs with it and must not bundle them.

/** The metric that picks the best checkpoint and labels a run, per task. */
export const PRIMARY_METRIC: Readonly<Record<EvaluatedTask, string>> = {
  classification: 'accuracy',
  'object detection': 'mAP50',
  'semantic segmentation': 'mIoU',
};

const isEvaluatedTask = (task: string): task is EvaluatedTask => Object.hasOwn(PRIMARY_METRIC, task);

/**
 * The primary metric of a task Train Studio evaluates itself; undefined for the others (a custom
 * framework's pose estimation, say), whose metrics are whatever that framework writes.
 */
export function primaryMetricOf(task: TaskType | undefined): string | undefined {
  return task !== undefined && isEvaluatedTask(task) ? PRIMARY_METRIC[task] : undefined;
}
