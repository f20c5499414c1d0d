// The speed test benchmark's rows for one tfjs backend, in a process of its own:
//   node out/test/bench/speedTestRows.js <backend> <batch sizes, e.g. 1,8,32> [--onnx]
// Times every built-in architecture at the default input size on that backend (and, with --onnx, on ONNX
// Runtime CPU), with the speed test's own harness and defaults, and prints one JSON line per measurement.
import * as tf from '@tensorflow/tfjs-core';
import type { TrainingBackend } from '../../src/core/events';
import { BuiltinHyperparameters } from '../../src/core/schemas/hyperparameters';
import { selectBackend } from '../../src/engine/backend';
import { timeOnnxInference, timeTfjsInference } from '../../src/engine/benchmark';
import type { Timing } from '../../src/engine/benchmark';
import { buildOnnxModel, openOnnxSession } from '../../src/engine/export';
import { ARCHITECTURES, buildNetwork, numClassesFor } from '../../src/engine/models';

const CLASSES = 4;

export interface SpeedRow {
  readonly arch: string;
  readonly inputSize: number;
  readonly runtime: string;
  readonly device: string;
  readonly timing?: Timing;
  readonly error?: string;
}

const print = (row: SpeedRow) => {
  console.log(JSON.stringify(row));
};
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0];

async function main(): Promise<void> {
  const [backendArg = 'wasm', batchArg = '1,8,32'] = process.argv.slice(2);
  const withOnnx = process.argv.includes('--onnx');
  const batchSizes = batchArg.split(',').map(Number);
  const inputSize = BuiltinHyperparameters.parse({}).input_size;
  const selected = await selectBackend({ only: [backendArg as TrainingBackend] });
  for (const [arch, { task }] of Object.entries(ARCHITECTURES)) {
    const network = buildNetwork({
      task,
      arch,
      numClasses: numClassesFor(task, CLASSES),
      inputSize,
      seed: 1,
    });
    const row = { arch, inputSize };
    for (const batchSize of batchSizes) {
      const timing = await timeTfjsInference(network, batchSize);
      print({ ...row, runtime: 'tfjs', device: selected.backend, timing });
    }
    if (withOnnx) {
      try {
        const session = await openOnnxSession(buildOnnxModel(network, { producerVersion: 'bench' }).bytes);
        try {
          for (const batchSize of batchSizes) {
            const timing = await timeOnnxInference(session, batchSize, inputSize);
            print({ ...row, runtime: 'onnxruntime', device: 'cpu', timing });
          }
        } finally {
          await session.release();
        }
      } catch (error) {
        print({ ...row, runtime: 'onnxruntime', device: 'cpu', error: messageOf(error) });
      }
    }
    network.dispose();
  }
  if (tf.memory().numTensors !== 0)
    print({
      arch: '-',
      inputSize,
      runtime: 'tfjs',
      device: selected.backend,
      error: `${String(tf.memory().numTensors)} tensors left`,
    });
}

main().catch((error: unknown) => {
  print({
    arch: '-',
    inputSize: 0,
    runtime: 'tfjs',
    device: process.argv[2] ?? '?',
    error: messageOf(error),
  });
});
