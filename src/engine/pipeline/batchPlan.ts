// Which items go in which batch of an epoch.
import type { BatchRequest } from './types';

/** A RangeError unless `value` is an integer of at least `min`. */
export function checkCount(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer of at least ${min}, not ${value}.`);
  }
}

/** The item indices of each batch to hand out, from `startBatch` on. */
export function planBatches(request: BatchRequest, itemCount: number): number[][] {
  const { order, batchSize, startBatch = 0, dropLast = false } = request;
  checkCount('batchSize', batchSize, 1);
  checkCount('startBatch', startBatch, 0);
  for (const index of order) {
    if (!Number.isInteger(index) || index < 0 || index >= itemCount) {
      throw new RangeError(
        `The order names item ${index}, but the pipeline has items 0 to ${itemCount - 1}.`,
      );
    }
  }
  const batches: number[][] = [];
  for (let first = startBatch * batchSize; first < order.length; first += batchSize) {
    const batch = order.slice(first, first + batchSize);
    if (dropLast && batch.length < batchSize) break;
    batches.push(batch);
  }
  return batches;
}
