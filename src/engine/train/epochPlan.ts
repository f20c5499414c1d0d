import { TrainingError } from './errors';

export interface EpochPlan {
  readonly stepsPerEpoch: number;
  /** Whether the last, smaller batch is dropped. */
  readonly dropLast: boolean;
  /** Set when dropLast is: why, for a log event. */
  readonly note?: string;
}

/**
 * Steps per epoch. The last partial batch is trained on, except when it would hold one image and the
 * network has batch norm: the statistics of one image are degenerate (zero variance), so it is dropped.
 */
export function planEpoch(trainSize: number, batchSize: number, hasBatchNorm: boolean): EpochPlan {
  if (trainSize === 0) {
    throw new TrainingError({
      message: 'the training split is empty',
      hint: 'Check the train/val split and the class selection.',
    });
  }
  const remainder = trainSize % batchSize;
  const dropLast = hasBatchNorm && remainder === 1;
  const stepsPerEpoch = dropLast ? Math.floor(trainSize / batchSize) : Math.ceil(trainSize / batchSize);
  if (stepsPerEpoch === 0) {
    throw new TrainingError({
      message: 'the training split has a single image, and batch norm needs at least 2 per batch',
      hint: 'Add training images or move some from the validation split.',
    });
  }
  const note = dropLast
    ? `Each epoch drops its last batch, which would hold 1 of the ${trainSize} training images: batch norm cannot ` +
      'normalise a single image. A different batch_size avoids this.'
    : undefined;
  return { stepsPerEpoch, dropLast, note };
}
