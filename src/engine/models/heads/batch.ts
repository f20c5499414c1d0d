// Checks shared by the task heads: that a batch and a network's outputs are what the head expects.
import type * as tf from '@tensorflow/tfjs-core';
import type { BatchTargets, EngineTask } from '../../contracts';

/** The batch's targets, narrowed to the head's task (a mismatch is a wiring bug, not a user error). */
export function targetsOf<Task extends EngineTask>(
  targets: BatchTargets,
  task: Task,
): Extract<BatchTargets, { task: Task }> {
  if (targets.task !== task) {
    throw new Error(`A ${task} head was given a ${targets.task} batch.`);
  }
  return targets as Extract<BatchTargets, { task: Task }>;
}

type Tensors<Count extends number, Acc extends tf.Tensor[] = []> = Acc['length'] extends Count
  ? Acc
  : Tensors<Count, [...Acc, tf.Tensor]>;

/** Exactly `count` tensors, or a clear error naming the head. */
export function expectTensors<Count extends number>(
  tensors: readonly tf.Tensor[],
  count: Count,
  what: string,
): Tensors<Count> {
  if (tensors.length !== count) {
    throw new Error(`The ${what} takes ${count} tensors, got ${tensors.length}.`);
  }
  return [...tensors] as Tensors<Count>;
}
