import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { BuiltinHyperparameters } from '../../../../src/core/schemas/hyperparameters';
import type { NamedVariable } from '../../../../src/engine/contracts';
import { createOptimizer } from '../../../../src/engine/train/optimizer';
import { useCpu } from './support';

// Reference implementations of PyTorch's torch.optim.AdamW and SGD (momentum, dampening 0), in float64,
// applied to a kernel (rank 2, decayed) and a bias (rank 1, not decayed).

const KERNEL = [0.5, -0.25, 1, 2];
const BIAS = [0.1, -0.3];
const gradientsAt = (step: number) => ({
  kernel: KERNEL.map((_, i) => Math.sin(step * 3 + i) * (i + 1)),
  bias: BIAS.map((_, i) => Math.cos(step + i * 2) * 0.5),
});
const LEARNING_RATES = [0.01, 0.02, 0.015, 0.005, 0.03];

function referenceAdamW(beta1: number, beta2: number, weightDecay: number) {
  const run = (initial: number[], decayed: boolean, gradientOf: (step: number) => number[]) => {
    const p = [...initial];
    const m = p.map(() => 0);
    const v = p.map(() => 0);
    LEARNING_RATES.forEach((lr, index) => {
      const step = index + 1;
      const g = gradientOf(step);
      p.forEach((_, i) => {
        if (decayed) p[i] = (p[i] ?? 0) * (1 - lr * weightDecay);
        const gi = g[i] ?? 0;
        m[i] = beta1 * (m[i] ?? 0) + (1 - beta1) * gi;
        v[i] = beta2 * (v[i] ?? 0) + (1 - beta2) * gi * gi;
        const denominator = Math.sqrt(v[i] ?? 0) / Math.sqrt(1 - beta2 ** step) + 1e-8;
        p[i] = (p[i] ?? 0) - (lr / (1 - beta1 ** step)) * ((m[i] ?? 0) / denominator);
      });
    });
    return { p, m, v };
  };
  return {
    kernel: run(KERNEL, true, (step) => gradientsAt(step).kernel),
    bias: run(BIAS, false, (step) => gradientsAt(step).bias),
  };
}

function referenceSgd(momentum: number, weightDecay: number) {
  const run = (initial: number[], decayed: boolean, gradientOf: (step: number) => number[]) => {
    const p = [...initial];
    const buffer = p.map(() => 0);
    LEARNING_RATES.forEach((lr, index) => {
      const g = gradientOf(index + 1);
      p.forEach((_, i) => {
        const gi = (g[i] ?? 0) + (decayed ? weightDecay * (p[i] ?? 0) : 0);
        buffer[i] = momentum * (buffer[i] ?? 0) + gi;
        p[i] = (p[i] ?? 0) - lr * (buffer[i] ?? 0);
      });
    });
    return { p, buffer };
  };
  return {
    kernel: run(KERNEL, true, (step) => gradientsAt(step).kernel),
    bias: run(BIAS, false, (step) => gradientsAt(step).bias),
  };
}

function variables(): NamedVariable[] {
  return [
    { name: 'layer.kernel', variable: tf.variable(tf.tensor2d(KERNEL, [2, 2])) },
    { name: 'layer.bias', variable: tf.variable(tf.tensor1d(BIAS)) },
  ];
}

function trainFiveSteps(settings: BuiltinHyperparameters['optimizer'], weights: NamedVariable[]) {
  const optimizer = createOptimizer(settings, weights);
  LEARNING_RATES.forEach((lr, index) => {
    const { kernel, bias } = gradientsAt(index + 1);
    tf.tidy(() => {
      optimizer.apply([tf.tensor2d(kernel, [2, 2]), tf.tensor1d(bias)], lr);
    });
  });
  return optimizer;
}

const assertClose = (actual: ArrayLike<number>, expected: readonly number[], what: string) => {
  Array.from(actual).forEach((value, index) => {
    const want = expected[index] ?? Number.NaN;
    assert.ok(
      Math.abs(value - want) <= 1e-6 * Math.max(1, Math.abs(want)),
      `${what}[${index}]: ${value} vs ${want}`,
    );
  });
};

const optimizerSettings = (overrides: Record<string, unknown>) =>
  BuiltinHyperparameters.parse({ optimizer: overrides }).optimizer;

describe('optimizers', () => {
  before(useCpu);

  it('AdamW matches PyTorch: bias correction, decoupled decay on kernels only', () => {
    const weights = variables();
    const optimizer = trainFiveSteps(
      optimizerSettings({ type: 'AdamW', betas: [0.8, 0.95], weight_decay: 0.1 }),
      weights,
    );
    const reference = referenceAdamW(0.8, 0.95, 0.1);
    assertClose(weights[0]?.variable.dataSync() ?? [], reference.kernel.p, 'kernel');
    assertClose(weights[1]?.variable.dataSync() ?? [], reference.bias.p, 'bias');
    assert.deepEqual(
      optimizer.slots.map(({ name }) => name),
      ['layer.kernel/m', 'layer.kernel/v', 'layer.bias/m', 'layer.bias/v'],
    );
    assertClose(optimizer.slots[0]?.variable.dataSync() ?? [], reference.kernel.m, 'kernel m');
    assertClose(optimizer.slots[3]?.variable.dataSync() ?? [], reference.bias.v, 'bias v');
    assert.equal(optimizer.step, 5);
    optimizer.dispose();
    tf.dispose(weights.map(({ variable }) => variable));
  });

  it('SGD matches PyTorch: momentum buffer, weight decay added to the gradient of kernels only', () => {
    const weights = variables();
    const optimizer = trainFiveSteps(
      optimizerSettings({ type: 'SGD', momentum: 0.9, weight_decay: 0.05 }),
      weights,
    );
    const reference = referenceSgd(0.9, 0.05);
    assertClose(weights[0]?.variable.dataSync() ?? [], reference.kernel.p, 'kernel');
    assertClose(weights[1]?.variable.dataSync() ?? [], reference.bias.p, 'bias');
    assertClose(optimizer.slots[0]?.variable.dataSync() ?? [], reference.kernel.buffer, 'kernel momentum');
    optimizer.dispose();
    tf.dispose(weights.map(({ variable }) => variable));
  });

  it('a variable without a gradient is left alone, and steps leak no tensors', () => {
    const weights = variables();
    const optimizer = createOptimizer(optimizerSettings({ type: 'AdamW', weight_decay: 0.5 }), weights);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      optimizer.apply([undefined, tf.tensor1d([1, 1])], 0.1);
    });
    assert.equal(tf.memory().numTensors, before);
    assert.deepEqual(Array.from(weights[0]?.variable.dataSync() ?? []), KERNEL);
    assert.notDeepEqual(Array.from(weights[1]?.variable.dataSync() ?? []), BIAS);
    optimizer.dispose();
    tf.dispose(weights.map(({ variable }) => variable));
  });

  it('a restored step count continues the bias correction where it left off', () => {
    const straight = variables();
    trainFiveSteps(optimizerSettings({ type: 'AdamW' }), straight).dispose();
    // Same five steps, but the optimizer is rebuilt from the first one's state after step 3.
    const weights = variables();
    const settings = optimizerSettings({ type: 'AdamW' });
    const first = createOptimizer(settings, weights);
    const second = createOptimizer(settings, weights);
    LEARNING_RATES.forEach((lr, index) => {
      if (index === 3) {
        first.slots.forEach(({ variable }, slot) => second.slots[slot]?.variable.assign(variable));
        second.restoreStep(first.step);
      }
      const optimizer = index < 3 ? first : second;
      const { kernel, bias } = gradientsAt(index + 1);
      tf.tidy(() => {
        optimizer.apply([tf.tensor2d(kernel, [2, 2]), tf.tensor1d(bias)], lr);
      });
    });
    assert.deepEqual(
      weights.map(({ variable }) => Array.from(variable.dataSync())),
      straight.map(({ variable }) => Array.from(variable.dataSync())),
    );
    first.dispose();
    second.dispose();
    tf.dispose([...weights, ...straight].map(({ variable }) => variable));
  });
});
