import * as tf from '@tensorflow/tfjs-core';
import { registerCoreGradients } from '../../src/engine/backend/coreGradients';
import {
  filterGradientByConvolution,
  filterGradientByMatMul,
  type FilterGradientMethod,
} from '../../src/engine/backend/kernels/conv2dBackpropFilter';
import { kernelHost, type KernelBackendName } from '../../src/engine/backend/kernels/host';
import { selectBackend } from '../../src/engine/backend';
import { selfCheck } from '../../src/engine/backend/selfCheck';
import { report, time } from './measure';

// Our gradient kernels on wasm and cpu: how long the backend self-check takes, both Conv2DBackpropFilter
// methods on the layers of the research models (the heuristic in conv2dBackpropFilter.ts is read off these),
// and one training step of the research classifier (tfjs-code/models.mjs `cls`, 64 px, batch 16).

const BATCH = 16;

function elapsedMs(start: number): number {
  return performance.now() - start;
}

async function selfCheckTimes(): Promise<void> {
  let start = performance.now();
  registerCoreGradients();
  report("tfjs-core's gradients registered (once per process)", elapsedMs(start), 'ms');
  start = performance.now();
  await selectBackend({ only: ['wasm'] });
  report('wasm selected: init + cpu reference + self-check', elapsedMs(start), 'ms');
  start = performance.now();
  const failure = await selfCheck('wasm');
  if (failure) throw new Error(failure);
  report('self-check on wasm, again', elapsedMs(start), 'ms', '< 1000 ms');
}

interface Layer {
  readonly name: string;
  readonly input: [number, number, number, number];
  readonly kernel: number;
  readonly filters: number;
  readonly stride: number;
}

const size = (side: number, channels: number): [number, number, number, number] => [
  BATCH,
  side,
  side,
  channels,
];

/** The convolutions of the research cls and seg models at 64 px (seg's decoder convolves concatenations). */
const LAYERS: readonly Layer[] = [
  { name: 'cls conv1', input: size(64, 3), kernel: 3, filters: 16, stride: 1 },
  { name: 'cls conv2', input: size(32, 16), kernel: 3, filters: 32, stride: 1 },
  { name: 'cls conv3', input: size(16, 32), kernel: 3, filters: 64, stride: 2 },
  { name: 'seg e2', input: size(64, 16), kernel: 3, filters: 32, stride: 2 },
  { name: 'seg e3', input: size(32, 32), kernel: 3, filters: 64, stride: 2 },
  { name: 'seg d2', input: size(32, 64), kernel: 3, filters: 32, stride: 1 },
  { name: 'seg d1', input: size(64, 48), kernel: 3, filters: 16, stride: 1 },
  { name: 'seg head 1x1', input: size(64, 16), kernel: 1, filters: 4, stride: 1 },
];

async function filterGradientTimes(backendName: KernelBackendName, layers: readonly Layer[]): Promise<void> {
  await selectBackend({ only: [backendName] });
  const methods: [string, FilterGradientMethod][] = [
    ['matmul', filterGradientByMatMul],
    ['conv', filterGradientByConvolution],
  ];
  for (const layer of layers) {
    const filterShape: [number, number, number, number] = [
      layer.kernel,
      layer.kernel,
      layer.input[3],
      layer.filters,
    ];
    const geometry = tf.backend_util.computeConv2DInfo(layer.input, filterShape, layer.stride, 1, 'same');
    const x = tf.randomNormal(layer.input);
    const dy = tf.randomNormal(geometry.outShape);
    const host = kernelHost(backendName, tf.backend());
    for (const [methodName, method] of methods) {
      const runs = backendName === 'cpu' ? 2 : 8;
      const timing = time(
        () => {
          host.dispose(method(host, x, dy, geometry));
        },
        runs,
        1,
      );
      report(`${backendName} ${layer.name} dW by ${methodName}`, timing.medianMs, 'ms');
    }
    tf.dispose([x, dy]);
  }
}

/** [conv 3x3 + batch norm + relu, max pool] x 2 -> conv stride 2 + batch norm + relu -> average -> dense 10. */
function classifierStep(): () => void {
  const classes = 10;
  const conv = (inChannels: number, filters: number) => ({
    filter: tf.variable(
      tf.mul(tf.randomNormal([3, 3, inChannels, filters]), Math.sqrt(2 / (9 * inChannels))),
    ),
    gamma: tf.variable(tf.ones([filters])),
    beta: tf.variable(tf.zeros([filters])),
  });
  const blocks = [conv(3, 16), conv(16, 32), conv(32, 64)];
  const dense = tf.variable(tf.mul(tf.randomNormal([64, classes]), 0.1));
  const bias = tf.variable(tf.zeros([classes]));
  const images = tf.randomUniform([BATCH, 64, 64, 3]);
  const labels = tf.oneHot(tf.randomUniform([BATCH], 0, classes, 'int32'), classes);
  const optimizer = tf.train.adam(1e-3);
  const block = (input: tf.Tensor4D, index: number, stride: number): tf.Tensor4D => {
    const { filter, gamma, beta } = blocks[index] ?? conv(0, 0);
    const convolved = tf.conv2d(input, filter as tf.Tensor4D, stride, 'same');
    const { mean, variance } = tf.moments(convolved, [0, 1, 2]);
    return tf.relu(tf.batchNorm(convolved, mean, variance, beta, gamma, 1e-3)) as tf.Tensor4D;
  };
  const loss = (): tf.Scalar => {
    let features = tf.maxPool(block(images as tf.Tensor4D, 0, 1), 2, 2, 'valid');
    features = tf.maxPool(block(features, 1, 1), 2, 2, 'valid');
    features = block(features, 2, 2);
    const logits = tf.add(tf.matMul(tf.mean<tf.Tensor2D>(features, [1, 2]), dense), bias);
    return tf.losses.softmaxCrossEntropy(labels, logits);
  };
  return () => {
    const value = optimizer.minimize(loss, true);
    value?.dataSync();
    value?.dispose();
  };
}

async function trainingStepTime(backendName: KernelBackendName): Promise<void> {
  await selectBackend({ only: [backendName] });
  const step = classifierStep();
  const timing = time(step, backendName === 'cpu' ? 3 : 10, 2);
  report(`cls 64 px batch ${BATCH} training step on ${backendName}`, timing.medianMs, 'ms');
  report(`  = images per second on ${backendName}`, (BATCH * 1000) / timing.medianMs, 'img/s');
}

async function main(): Promise<void> {
  await selfCheckTimes();
  await filterGradientTimes('wasm', LAYERS);
  await filterGradientTimes('cpu', LAYERS.slice(0, 3));
  await trainingStepTime('wasm');
  await trainingStepTime('cpu');
}

void main();
