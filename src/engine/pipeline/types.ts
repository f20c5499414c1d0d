// The image pipeline's public types: what the training loop and evaluation code against.
import type { BuiltinHyperparameters } from '../../core/schemas';
import type { GroundTruth } from '../../metrics/predictions';
import type { EngineTask, ImageBatch } from '../contracts';

export interface PipelineOptions {
  readonly task: EngineTask;
  readonly classes: readonly string[];
  readonly inputSize: number;
  /** Training augmentation; absent for evaluation. */
  readonly augmentation?: BuiltinHyperparameters['augmentation'];
  /** Images decoded at once; default: the number of cores. */
  readonly concurrency?: number;
  /** Batches prepared ahead of the consumer; default 3. */
  readonly prefetchBatches?: number;
  readonly cache?: { readonly dir: string; readonly dataHash: string };
}

export interface BatchRequest {
  /** Item indices in the order of this epoch (the loop shuffles). */
  readonly order: readonly number[];
  readonly batchSize: number;
  /** Seeds augmentation for this epoch. */
  readonly seed: number;
  /** Skip this many batches (resume in the middle of an epoch) without decoding them. */
  readonly startBatch?: number;
  /** Drop a last, smaller batch. Default false. */
  readonly dropLast?: boolean;
}

export interface PipelineStats {
  readonly decoded: number;
  readonly cacheHits: number;
  readonly cacheWrites: number;
}

export interface ImagePipeline {
  readonly size: number;
  /** Breaking out of the loop (return()) stops prefetching and frees buffers. */
  batches(request: BatchRequest): AsyncGenerator<ImageBatch, void, undefined>;
  groundTruth(index: number): GroundTruth;
  stats(): PipelineStats;
  close(): Promise<void>;
}
