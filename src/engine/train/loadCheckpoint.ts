import { inferenceTensors, readCheckpoint } from '../checkpoint';
import type { CheckpointSidecar } from '../checkpoint';
import type { Network, NetworkSpec, TaskHead } from '../contracts';
import { buildNetwork, taskHeadFor } from '../models';
import { restoreVariables } from './variables';

export interface LoadedCheckpoint {
  /** Absolute path of the sidecar. */
  readonly path: string;
  readonly sidecar: CheckpointSidecar;
  readonly spec: NetworkSpec;
  readonly classes: readonly string[];
  /** The network with the checkpoint's inference weights (the EMA ones when the run kept them). */
  readonly network: Network;
  readonly head: TaskHead;
}

/**
 * A verified checkpoint turned back into a network for inference, evaluation or export. A backend must
 * be selected first (selectBackend). The caller disposes `network`.
 */
export function loadCheckpoint(sidecarPath: string): LoadedCheckpoint {
  const checkpoint = readCheckpoint(sidecarPath);
  const { classes, ...spec } = checkpoint.sidecar.model;
  const network = buildNetwork(spec);
  try {
    restoreVariables(
      checkpoint.path,
      [...network.trainable, ...network.state],
      inferenceTensors(checkpoint),
      'The checkpoint does not fit its own architecture: it was written by another version of the model; retrain it.',
    );
  } catch (error) {
    network.dispose();
    throw error;
  }
  return {
    path: checkpoint.path,
    sidecar: checkpoint.sidecar,
    spec,
    classes,
    network,
    head: taskHeadFor(spec),
  };
}
