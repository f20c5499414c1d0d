// The engine benchmark, side by side in one run:
// 1. training img/s and peak RSS of each built-in model at 64 and 128 px, batch 16 and 32, on each backend
//    that loads here (each row a process of its own), with PyTorch CPU (2 threads) on the same
//    architecture when python3 has torch (Debian's python3-torch, which scripts/bench-setup.sh installs);
// 2. the image pipeline's img/s against what the model consumes (target: pipeline >= 3x model);
// 3. real data: a classifier trained on a Fashion-MNIST subset, accuracy on held-out images (target 88%).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TrainingBackend } from '../../src/core/events';
import { TRAINING_BACKENDS } from '../../src/core/events';
import { TASK_TYPES } from '../../src/core/names';
import { BuiltinHyperparameters } from '../../src/core/schemas/hyperparameters';
import type { DatasetItem } from '../../src/data/model';
import { readDataset } from '../../src/data/readers';
import { createPipeline } from '../../src/engine/pipeline';
import { StopController, trainModel } from '../../src/engine/train';
import { jpegItems, prepareData } from './benchImages';
import { FASHION_MNIST_CLASSES, fashionMnistAvailable, prepareFashionMnist } from './fashionMnist';
import { report } from './measure';

const ARCHS = ['cls-s', 'cls-m', 'det-centernet-s', 'seg-unet-s'];
const SIZES = [64, 128];
const BATCHES = [16, 32];
const ROW_SECONDS = 6;
const TORCH_PYTHON = '/usr/bin/python3';

interface Row {
  readonly imagesPerSecond?: number;
  readonly peakRssMiB?: number;
  readonly error?: string;
}

function lastJsonLine(text: string): Row {
  const line = text.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as Row;
  } catch {
    return { error: line || 'no output' };
  }
}

function tfjsRow(arch: string, size: number, batch: number, backend: TrainingBackend, seconds: number): Row {
  const script = path.join(__dirname, 'engineStep.js');
  const args = [script, arch, String(size), String(batch), backend, String(seconds)];
  const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
  return lastJsonLine(result.stdout);
}

const torchAvailable = (): boolean =>
  spawnSync(TORCH_PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;

function torchRow(arch: string, size: number, batch: number): Row {
  const script = path.join(__dirname, '..', '..', '..', 'test', 'bench', 'torch_models.py');
  const args = [script, arch, String(size), String(batch), '2', String(ROW_SECONDS)];
  return lastJsonLine(spawnSync(TORCH_PYTHON, args, { encoding: 'utf8' }).stdout);
}

const figure = (row: Row) =>
  row.imagesPerSecond === undefined
    ? `n/a (${row.error ?? '?'})`
    : `${row.imagesPerSecond.toFixed(1)} img/s, ${Math.round(row.peakRssMiB ?? 0)} MiB`;

/** Backends that load here: the native ones only where their packages are installed and work. */
function availableBackends(): TrainingBackend[] {
  return Object.values(TRAINING_BACKENDS).filter((backend) => {
    const probe = tfjsRow('cls-s', 32, 2, backend, 0);
    if (probe.error !== undefined) console.log(`${backend}: skipped (${probe.error})`);
    return probe.error === undefined;
  });
}

function modelMatrix(backends: readonly TrainingBackend[], withTorch: boolean): Map<string, number> {
  const modelRates = new Map<string, number>();
  for (const arch of ARCHS) {
    for (const size of SIZES) {
      for (const batch of BATCHES) {
        const torch = withTorch ? torchRow(arch, size, batch) : undefined;
        for (const backend of backends) {
          // The pure-JS backend is a last resort, about 100x slower: one small row shows it.
          if (backend === TRAINING_BACKENDS.cpu && (size !== 64 || batch !== 16)) continue;
          const row = tfjsRow(
            arch,
            size,
            batch,
            backend,
            backend === TRAINING_BACKENDS.cpu ? 1 : ROW_SECONDS,
          );
          const ratio =
            torch?.imagesPerSecond && row.imagesPerSecond
              ? `  torch ${figure(torch)}, torch/tfjs ${(torch.imagesPerSecond / row.imagesPerSecond).toFixed(1)}x`
              : '';
          console.log(`${`${arch} ${size}px b${batch} ${backend}`.padEnd(36)} ${figure(row)}${ratio}`);
          if (row.imagesPerSecond !== undefined && backend !== TRAINING_BACKENDS.cpu) {
            const key = `${arch}/${size}`;
            modelRates.set(key, Math.max(modelRates.get(key) ?? 0, row.imagesPerSecond));
          }
        }
      }
    }
  }
  return modelRates;
}

/** Images per second of the pipeline's `epochs`-th epoch over the items (the cache fills in the first). */
async function pipelineRate(
  items: readonly DatasetItem[],
  inputSize: number,
  cache?: { readonly dir: string; readonly dataHash: string },
): Promise<number> {
  const augmentation = BuiltinHyperparameters.parse({}).augmentation;
  const pipeline = createPipeline(items, {
    task: TASK_TYPES.objectDetection,
    classes: ['square'],
    inputSize,
    augmentation,
    cache,
  });
  const order = items.map((_, index) => index);
  let rate = 0;
  for (let epoch = 0; epoch < (cache ? 2 : 1); epoch++) {
    const start = performance.now();
    let images = 0;
    for await (const batch of pipeline.batches({ order, batchSize: 16, seed: epoch })) images += batch.size;
    rate = images / ((performance.now() - start) / 1000);
  }
  await pipeline.close();
  return rate;
}

async function pipelineAgainstModels(modelRates: ReadonlyMap<string, number>): Promise<void> {
  await prepareData();
  const items = jpegItems();
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'train-studio-bench-engine-cache-'));
  for (const size of SIZES) {
    const fastestModel = Math.max(...ARCHS.map((arch) => modelRates.get(`${arch}/${size}`) ?? 0));
    const cold = await pipelineRate(items, size);
    const warm = await pipelineRate(items, size, { dir: cacheDir, dataHash: 'bench' });
    report(`pipeline, 640x480 JPEG -> ${size}px augmented`, cold, 'img/s');
    report(`  / fastest model's training rate at ${size}px`, cold / fastestModel, 'x', '>= 3x');
    report(`pipeline, same, from the cache (cache_project)`, warm, 'img/s');
    report(`  / fastest model's training rate at ${size}px`, warm / fastestModel, 'x', '>= 3x');
  }
  fs.rmSync(cacheDir, { recursive: true, force: true });
}

async function fashionMnist(): Promise<void> {
  if (!fashionMnistAvailable()) {
    console.log('Fashion-MNIST: skipped (run scripts/bench-setup.sh to install dataset-fashion-mnist)');
    return;
  }
  const root = prepareFashionMnist(600, 100);
  const { items } = readDataset(root);
  const start = performance.now();
  const outputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'train-studio-bench-fmnist-'));
  const result = await trainModel(
    {
      runId: 'bench-fashion-mnist',
      task: TASK_TYPES.classification,
      arch: 'cls-m',
      classes: FASHION_MNIST_CLASSES,
      train: items.filter((item) => item.dataset === 'train'),
      val: items.filter((item) => item.dataset === 'val'),
      hyperparameters: BuiltinHyperparameters.parse({
        epochs: 12,
        batch_size: 32,
        input_size: 32,
        optimizer: { lr: 0.004 },
        warmup: { steps: 50 },
        augmentation: { hflip: 0.5, scale: [0.8, 1], color_jitter: { saturation: 0 } },
        checkpoint_freq: 0,
      }),
      outputDir,
    },
    { emit: () => undefined, stop: new StopController() },
  );
  report(
    'Fashion-MNIST 6000 train / 1000 held out, cls-m 32px',
    (result.bestMetric?.value ?? 0) * 100,
    '%',
    '>= 88%',
  );
  fs.rmSync(outputDir, { recursive: true, force: true });
  report('  training time', (performance.now() - start) / 1000, 's');
}

async function main(): Promise<void> {
  const backends = availableBackends();
  const withTorch = torchAvailable();
  if (!withTorch) console.log('PyTorch: not found (run scripts/bench-setup.sh to install python3-torch)');
  console.log(`${String(os.availableParallelism())} cores; tfjs backends: ${backends.join(', ')}`);
  const modelRates = modelMatrix(backends, withTorch);
  await pipelineAgainstModels(modelRates);
  await fashionMnist();
}

void main();
