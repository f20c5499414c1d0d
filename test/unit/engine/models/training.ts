// The overfitting check every head's tests run: loss finite and falling, every weight reached.
import assert from 'node:assert/strict';
import type { ImageBatch, NetworkSpec } from '../../../../src/engine/contracts';
import { overfit } from './support';

const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

export function assertOverfits(
  spec: NetworkSpec,
  batch: ImageBatch,
  steps: number,
  learningRate: number,
): void {
  const { losses, withoutGradient } = overfit(spec, batch, steps, learningRate);
  assert.ok(losses.every(Number.isFinite), `losses ${losses.join(', ')}`);
  assert.deepEqual(withoutGradient, [], 'weights the loss does not reach');
  const start = losses[0] ?? NaN;
  const end = mean(losses.slice(-3));
  assert.ok(
    end < start * 0.5,
    `${spec.arch}: loss went from ${start} to ${end} (${losses.map((l) => l.toFixed(3)).join(' ')})`,
  );
}
