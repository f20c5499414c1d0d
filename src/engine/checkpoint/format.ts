import { z } from 'zod';
import { TASK_TYPES } from '../../core/names';
import { BuiltinHyperparameters } from '../../core/schemas/hyperparameters';

// A checkpoint is two files in <experiment>/checkpoints: the sidecar `<name>.json` (this schema), which
// is "the checkpoint" that other files point to, and the tensor file `<name>.<hash8>.bin` it names. The
// tensor file's name carries its content hash, so a new tensor file never overwrites the one the current
// sidecar names: see save.ts for why a kill at any instant leaves every sidecar loadable.

export const CHECKPOINT_FORMAT = 'train-studio-checkpoint';
export const CHECKPOINT_FORMAT_VERSION = 1;
/** The checkpoints' folder, relative to the experiment folder. */
export const CHECKPOINTS_FOLDER = 'checkpoints';
export { CHECKPOINT_NAMES, CHECKPOINT_SIDECAR_EXTENSION } from '../../core/names';
const CHECKPOINT_NAME_PATTERN = /^(best|last|epoch_[1-9][0-9]*)$/;
export const periodicCheckpointName = (epoch: number): string => `epoch_${String(epoch)}`;

/**
 * What a tensor is for. `weights` and `state` (batch-norm statistics) are the trained network; `ema` holds
 * the averaged copy of both under the same names; `optimizer` the moments, in `last` only.
 */
export const TENSOR_GROUPS = ['weights', 'state', 'ema', 'optimizer'] as const;
export type TensorGroup = (typeof TENSOR_GROUPS)[number];
export const TENSOR_DTYPES = ['float32', 'int32'] as const;
export type TensorDtype = (typeof TENSOR_DTYPES)[number];

const count = z.int().min(0);
const finite = z.number().refine(Number.isFinite, 'must be a finite number');

const TensorEntry = z.strictObject({
  name: z.string().min(1),
  group: z.enum(TENSOR_GROUPS),
  shape: z.array(count),
  dtype: z.enum(TENSOR_DTYPES),
  /** Where the values lie in the tensor file; little-endian. */
  byteOffset: count,
  byteLength: count,
});
export type TensorEntry = z.infer<typeof TensorEntry>;

const NamedValue = z.strictObject({ name: z.string().min(1), value: finite });

const Progress = z.strictObject({
  /** The best validation value so far, and the epoch that reached it. */
  best: z.strictObject({ name: z.string().min(1), value: finite, epoch: z.int().min(1) }).optional(),
  epochsWithoutImprovement: count,
  /** Sum and count of the step losses of the epoch in progress, so its train_loss survives a resume. */
  epochLossSum: finite,
  epochLossSteps: count,
  /** The checkpoints the run has written so far, by name. */
  checkpoints: z.array(z.string().regex(CHECKPOINT_NAME_PATTERN)),
  /** Identifies the training items, so a resume on other data is caught. */
  trainItems: z.strictObject({ count, refsSha256: z.string().regex(/^[0-9a-f]{64}$/) }),
});
export type TrainingProgress = z.infer<typeof Progress>;

export const CheckpointSidecar = z.strictObject({
  format: z.literal(CHECKPOINT_FORMAT),
  formatVersion: z.literal(CHECKPOINT_FORMAT_VERSION),
  name: z.string().regex(CHECKPOINT_NAME_PATTERN, 'must be best, last or epoch_<n>'),
  createdAt: z.iso.datetime(),
  /** The backend that wrote it; only informative, any backend can read it. */
  backend: z.string(),
  model: z.strictObject({
    task: z.enum([TASK_TYPES.classification, TASK_TYPES.objectDetection, TASK_TYPES.semanticSegmentation]),
    arch: z.string().min(1),
    numClasses: z.int().min(1),
    inputSize: z.int().min(1),
    /** The weight-initialisation seed the network was built with. */
    seed: count,
    classes: z.array(z.string()),
  }),
  hyperparameters: BuiltinHyperparameters,
  position: z.strictObject({
    /** The epoch the checkpoint was taken in (1-based). */
    epoch: z.int().min(1),
    /** Optimizer steps done in that epoch. */
    stepInEpoch: count,
    stepsPerEpoch: z.int().min(1),
    /** Whether the epoch's end (validation, best, early stopping) has been handled. */
    epochComplete: z.boolean(),
    /** Optimizer steps since the start of training: the learning-rate schedule's position. */
    globalStep: count,
    /** The learning rate of the last step taken. */
    learningRate: finite,
  }),
  /** The validation metric that ranks checkpoints, when the epoch was validated. */
  metric: NamedValue.optional(),
  /** Every validation metric of that epoch, `val_` prefixed, and train_loss. */
  metrics: z.record(z.string(), finite).optional(),
  /** Every random stream derives from the run seed and the epoch; stored so a resume can check them. */
  random: z.strictObject({
    algorithm: z.string().min(1),
    seed: count,
    shuffleSeed: count,
    augmentationSeed: count,
  }),
  tensorFile: z.strictObject({
    /** A file name in the same folder. */
    file: z.string().regex(/^[^/\\]+\.bin$/),
    byteLength: count,
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  tensors: z.array(TensorEntry),
  /** The optimizer's step count (its moments are the `optimizer` tensors); in `last` only. */
  optimizer: z.strictObject({ type: z.enum(['AdamW', 'SGD']), step: count }).optional(),
  /** How many times the `ema` tensors were updated, which sets the decay's warm-up. */
  ema: z.strictObject({ updates: count }).optional(),
  /** What an exact resume needs beyond the tensors; in `last` only. */
  progress: Progress.optional(),
});
export type CheckpointSidecar = z.infer<typeof CheckpointSidecar>;

export const isCheckpointName = (name: string): boolean => CHECKPOINT_NAME_PATTERN.test(name);
