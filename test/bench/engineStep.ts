// One row of the engine benchmark, in a process of its own so its peak RSS is its own:
//   node out/test/bench/engineStep.js <arch> <inputSize> <batch> <backend> <minSeconds> [--profile]
// Trains on fixed random images with the real optimizer step (forward, loss, gradients, AdamW update) and
// prints one JSON line.
import * as tf from '@tensorflow/tfjs-core';
import type { TrainingBackend } from '../../src/core/events';
import { BuiltinHyperparameters } from '../../src/core/schemas/hyperparameters';
import type { BatchTargets, EngineTask, ImageBatch } from '../../src/engine/contracts';
import { selectBackend } from '../../src/engine/backend';
import { ARCHITECTURES, buildNetwork, numClassesFor, taskHeadFor } from '../../src/engine/models';
import { createOptimizer } from '../../src/engine/train/optimizer';
import { trainStep } from '../../src/engine/train/trainStep';

const CLASSES = 4;

function targetsFor(task: EngineTask, size: number, inputSize: number): BatchTargets {
  if (task === 'classification')
    return { task, labels: Int32Array.from({ length: size }, (_, i) => i % CLASSES) };
  if (task === 'semantic segmentation') {
    return {
      task,
      masks: Uint8Array.from({ length: size * inputSize * inputSize }, (_, i) => i % (CLASSES + 1)),
    };
  }
  const side = inputSize / 4;
  const boxes = Array.from({ length: size }, (_, image) => [
    { classIndex: image % CLASSES, x1: side, y1: side, x2: 2 * side, y2: 2.5 * side },
  ]);
  return { task, boxes };
}

function randomBatch(task: EngineTask, size: number, inputSize: number): ImageBatch {
  const images = new Float32Array(size * inputSize * inputSize * 3);
  let state = 1;
  for (let i = 0; i < images.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    images[i] = state / 2 ** 32;
  }
  const placement = { originalWidth: inputSize, originalHeight: inputSize, scale: 1, offsetX: 0, offsetY: 0 };
  return {
    images,
    size,
    inputSize,
    targets: targetsFor(task, size, inputSize),
    refs: Array.from({ length: size }, (_, i) => `bench/${String(i)}`),
    placements: Array.from({ length: size }, () => placement),
  };
}

/** Where one step's time goes: the kernels that take most of it, summed by kernel name. */
async function printProfile(step: () => Promise<void>): Promise<void> {
  const start = performance.now();
  const profile = await tf.profile(step);
  const wallMs = performance.now() - start;
  const byKernel = new Map<string, number>();
  for (const kernel of profile.kernels) {
    const ms = typeof kernel.kernelTimeMs === 'number' ? kernel.kernelTimeMs : 0;
    byKernel.set(kernel.name, (byKernel.get(kernel.name) ?? 0) + ms);
  }
  const top = [...byKernel].sort((a, b) => b[1] - a[1]).slice(0, 12);
  console.log(`step ${wallMs.toFixed(0)} ms (profiled), ${String(profile.kernels.length)} kernel calls`);
  for (const [name, ms] of top) console.log(`  ${name.padEnd(28)} ${ms.toFixed(1).padStart(8)} ms`);
}

async function main(): Promise<void> {
  const [arch = 'cls-s', inputArg = '64', batchArg = '16', backendArg = 'wasm', secondsArg = '10'] =
    process.argv.slice(2);
  const inputSize = Number(inputArg);
  const batchSize = Number(batchArg);
  const task = ARCHITECTURES[arch]?.task ?? 'classification';
  const selected = await selectBackend({ only: [backendArg as TrainingBackend] });
  const spec = { task, arch, numClasses: numClassesFor(task, CLASSES), inputSize, seed: 1 };
  const network = buildNetwork(spec);
  const head = taskHeadFor(spec);
  const settings = BuiltinHyperparameters.parse({}).optimizer;
  const optimizer = createOptimizer(settings, network.trainable);
  const parts = { network, head, optimizer, clipGradNorm: 0 };
  const batch = randomBatch(task, batchSize, inputSize);
  const step = async () => {
    const loss = trainStep(parts, batch, settings.lr);
    await loss.data();
    loss.dispose();
  };
  await step();
  await step();
  if (process.argv.includes('--profile')) {
    await printProfile(step);
    return;
  }
  let steps = 0;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  while (steps < 3 || performance.now() - start < Number(secondsArg) * 1000) {
    await step();
    steps++;
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  console.log(
    JSON.stringify({
      backend: selected.backend,
      imagesPerSecond: (steps * batchSize) / seconds,
      imagesPerCpuSecond: (steps * batchSize) / ((cpu.user + cpu.system) / 1e6),
      stepMs: (seconds * 1000) / steps,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
      tensors: tf.memory().numTensors,
    }),
  );
}

main().catch((error: unknown) => {
  console.log(JSON.stringify({ error: (error as Error).message.split('\n')[0] }));
});
