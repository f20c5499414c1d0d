// The image pipeline: decoded (or cached) pixels, augmented and letterboxed into batches, prefetched
// concurrently. Training and evaluation run the same code; evaluation just draws no augmentation.
import os from 'node:os';
import sharp from 'sharp';
import { TASK_TYPES } from '../../core/names';
import type { DatasetItem } from '../../data/model';
import type { ImageBatch, Placement } from '../contracts';
import { IGNORE_PIXEL } from '../contracts';
import { drawAugmentation } from './augmentation';
import { checkCount, planBatches } from './batchPlan';
import { applyColorJitter } from './colorJitter';
import { PAD_GREY } from './decode';
import { fitToInput } from './fit';
import { PipelineClosedError, prefetchInOrder } from './prefetch';
import { itemRandom } from './random';
import { resampleImage } from './resample';
import { ImageSource, sourceSize } from './source';
import type { BatchTargetWriter } from './taskTargets';
import { taskTargets } from './taskTargets';
import type { BatchRequest, ImagePipeline, PipelineOptions } from './types';

const DEFAULT_PREFETCH_BATCHES = 3;
const PAD_VALUE = PAD_GREY / 255;

interface Assembly {
  readonly batch: ImageBatch;
  readonly refs: string[];
  readonly placements: Placement[];
  readonly targets: BatchTargetWriter;
}

function checkOptions(options: PipelineOptions): void {
  checkCount('inputSize', options.inputSize, 1);
  if (options.concurrency !== undefined) checkCount('concurrency', options.concurrency, 1);
  if (options.prefetchBatches !== undefined) checkCount('prefetchBatches', options.prefetchBatches, 1);
  if (options.classes.length === 0) throw new RangeError('The pipeline needs at least one class.');
  if (options.task === TASK_TYPES.semanticSegmentation && options.classes.length >= IGNORE_PIXEL) {
    throw new RangeError(
      `Semantic segmentation supports at most ${IGNORE_PIXEL - 1} classes, not ${options.classes.length}: ` +
        'mask values are bytes, and one is reserved for ignored pixels.',
    );
  }
}

export function createPipeline(items: readonly DatasetItem[], options: PipelineOptions): ImagePipeline {
  checkOptions(options);
  const { inputSize, augmentation } = options;
  const cores = os.availableParallelism();
  // libvips threads per image; sharp leaves it at 1 where glibc has no jemalloc, as here.
  sharp.concurrency(cores);
  const concurrency = options.concurrency ?? cores;
  const prefetch = options.prefetchBatches ?? DEFAULT_PREFETCH_BATCHES;
  const minScale = augmentation?.scale[0] ?? 1;
  const targets = taskTargets(options.task, items, options.classes, inputSize);
  const source = new ImageSource(options.cache);
  const closing = new AbortController();
  const running = new Set<Promise<void>>();
  const inputValues = inputSize * inputSize * 3;

  const allocate = (indices: readonly number[]): Assembly => {
    const refs: string[] = [];
    const placements: Placement[] = [];
    const writer = targets.forBatch(indices.length);
    const images = new Float32Array(indices.length * inputValues);
    const batch = { images, size: indices.length, inputSize, targets: writer.targets, refs, placements };
    return { batch, refs, placements, targets: writer };
  };

  const fill = async (assembly: Assembly, index: number, position: number, seed: number): Promise<void> => {
    const item = items[index];
    // planBatches has checked every index.
    if (item === undefined) return;
    const draw = drawAugmentation(itemRandom(seed, index), augmentation, item.width, item.height);
    const fit = fitToInput(draw, inputSize, item.width, item.height);
    const pixels = await source.load(item, sourceSize(item.width, item.height, inputSize, minScale));
    const { images } = assembly.batch;
    const offset = position * inputValues;
    images.fill(PAD_VALUE, offset, offset + inputValues);
    resampleImage(pixels, fit, item.width, item.height, inputSize, images, offset);
    if (draw.color !== undefined) applyColorJitter(images, offset, fit.region, inputSize, draw.color);
    assembly.refs[position] = item.ref;
    assembly.placements[position] = fit.placement;
    assembly.targets.write(position, index, fit);
  };

  /** close() waits for every item in progress, whichever epoch it belongs to. */
  const tracked = (work: Promise<void>): Promise<void> => {
    running.add(work);
    const forget = (): void => void running.delete(work);
    work.then(forget, forget);
    return work;
  };

  async function* batches(request: BatchRequest): AsyncGenerator<ImageBatch, void, undefined> {
    if (closing.signal.aborted) throw new PipelineClosedError();
    const plan = planBatches(request, items.length);
    const assemblies = prefetchInOrder<number, Assembly>({
      batches: plan,
      concurrency,
      prefetch,
      signal: closing.signal,
      allocate,
      fill: (assembly, index, position) => tracked(fill(assembly, index, position, request.seed)),
    });
    for await (const assembly of assemblies) yield assembly.batch;
  }

  return {
    size: items.length,
    batches,
    groundTruth: (index) => targets.groundTruth(index),
    stats: () => source.stats(),
    async close() {
      closing.abort();
      await Promise.allSettled(running);
    },
  };
}
