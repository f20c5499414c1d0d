import type { DatasetItem } from '../../data/model';
import { DatasetError } from '../../data/errors';
import type { EngineTask } from '../../engine/contracts';
import { createPipeline } from '../../engine/pipeline';
import { syntheticImages } from '../../engine/benchmark';
import { datasetRunError } from '../prepare/projectFolder';

// The images an ONNX export is checked on: the first batch of the run's val images, prepared exactly as
// evaluation prepares them (letterboxed, no augmentation), so that parity is measured on what the model
// really sees. A run without val images is checked on a fixed batch of noise instead.

/** At most this many images: enough to meet every kind of value, few enough to take a second. */
const PARITY_BATCH_SIZE = 8;
const SYNTHETIC_IMAGES = 2;
const SYNTHETIC_SEED = 20_240_917;

export interface ParityBatch {
  /** NHWC floats in [0, 1], as an ImageBatch holds them. */
  readonly images: Float32Array;
  readonly size: number;
  /** True when the images are noise, because there were no val images. */
  readonly synthetic: boolean;
}

export interface ParityInput {
  readonly task: EngineTask;
  readonly classes: readonly string[];
  readonly inputSize: number;
}

function syntheticBatch(inputSize: number): ParityBatch {
  const images = syntheticImages(SYNTHETIC_IMAGES, inputSize, SYNTHETIC_SEED);
  return { images, size: SYNTHETIC_IMAGES, synthetic: true };
}

export async function parityBatch(items: readonly DatasetItem[], input: ParityInput): Promise<ParityBatch> {
  if (items.length === 0) return syntheticBatch(input.inputSize);
  const chosen = items.slice(0, PARITY_BATCH_SIZE);
  const pipeline = createPipeline(chosen, input);
  try {
    const order = chosen.map((_, index) => index);
    for await (const batch of pipeline.batches({ order, batchSize: chosen.length, seed: 0 })) {
      // A copy: the pipeline's buffers are its own once the loop is left.
      return { images: batch.images.slice(), size: batch.size, synthetic: false };
    }
    throw new Error('The image pipeline gave no batch for the parity images.');
  } catch (error) {
    if (error instanceof DatasetError) throw datasetRunError(error);
    throw error;
  } finally {
    await pipeline.close();
  }
}
