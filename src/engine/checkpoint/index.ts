// Checkpoint files: a JSON sidecar (the checkpoint) naming a content-addressed tensor file. No tfjs here;
// tensors travel as host arrays, so anything can read a checkpoint.
export { CheckpointError } from './errors';
export type { CheckpointProblem } from './errors';
export {
  CHECKPOINT_NAMES,
  CHECKPOINTS_FOLDER,
  CheckpointSidecar,
  CHECKPOINT_SIDECAR_EXTENSION,
  isCheckpointName,
  periodicCheckpointName,
} from './format';
export type { TensorGroup, TrainingProgress } from './format';
export { inferenceTensors, readCheckpoint, tensorsIn } from './load';
export type { StoredCheckpoint } from './load';
export { removeOrphans, saveCheckpoint, sha256Of } from './save';
export type { SidecarContents } from './save';
export type { HostTensor } from './tensorFile';
