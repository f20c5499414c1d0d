import * as tf from '@tensorflow/tfjs-core';
import type { NamedVariable } from '../contracts';

// The exponential moving average of the weights, batch-norm statistics included (they are part of what
// the averaged network computes). The decay warms up as TensorFlow's ExponentialMovingAverage does with
// num_updates: min(decay, (1 + n) / (10 + n)) after n earlier updates, so the average is not dominated by
// the random initial weights in short runs.

export const warmedUpDecay = (decay: number, updates: number): number =>
  Math.min(decay, (1 + updates) / (10 + updates));

export class WeightAverage {
  /** The averages, under the same names as the weights they follow. */
  readonly averaged: readonly NamedVariable[];
  private count = 0;

  constructor(
    private readonly sources: readonly NamedVariable[],
    private readonly decay: number,
  ) {
    this.averaged = sources.map(({ name, variable }) => ({
      name,
      variable: tf.tidy(() => tf.variable(tf.clone(variable), false)),
    }));
  }

  /** Updates done, restored ones included. */
  get updates(): number {
    return this.count;
  }

  /** One update towards the current weights. Call inside tf.tidy. */
  update(): void {
    const decay = warmedUpDecay(this.decay, this.count);
    this.count += 1;
    const keep = tf.scalar(decay);
    const take = tf.scalar(1 - decay);
    this.averaged.forEach(({ variable: average }, index) => {
      const source = this.sources[index];
      if (source !== undefined) average.assign(tf.add(tf.mul(average, keep), tf.mul(source.variable, take)));
    });
  }

  /** Starts the average afresh from the current weights (after loading weights to fine-tune from). */
  reset(): void {
    this.count = 0;
    tf.tidy(() => {
      this.averaged.forEach(({ variable: average }, index) => {
        const source = this.sources[index];
        if (source !== undefined) average.assign(tf.clone(source.variable));
      });
    });
  }

  restoreUpdates(updates: number): void {
    this.count = updates;
  }

  /** Runs `use` with the averaged values in the network's own variables, then puts the weights back. */
  async withAveragedWeights<T>(use: () => Promise<T>): Promise<T> {
    // Clones share the weights' storage, so setting a variable aside copies nothing.
    const originals = this.sources.map(({ variable }) => tf.clone(variable));
    this.sources.forEach(({ variable }, index) => {
      const average = this.averaged[index];
      if (average !== undefined) variable.assign(average.variable);
    });
    try {
      return await use();
    } finally {
      this.sources.forEach(({ variable }, index) => {
        const original = originals[index];
        if (original !== undefined) variable.assign(original);
      });
      tf.dispose(originals);
    }
  }

  dispose(): void {
    this.averaged.forEach(({ variable }) => {
      variable.dispose();
    });
  }
}
