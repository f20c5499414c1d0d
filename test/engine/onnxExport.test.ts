import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { TASK_TYPES } from '../../src/core/names';
import { selectBackend } from '../../src/engine/backend';
import type { EngineTask, Network, NetworkSpec } from '../../src/engine/contracts';
import {
  buildOnnxModel,
  ExportError,
  measureParity,
  ONNX_BATCH_DIMENSION,
  ONNX_INPUT_NAME,
  ONNX_IR_VERSION,
  ONNX_OPSET,
  openOnnxSession,
  PARITY_TOLERANCE,
} from '../../src/engine/export';
import type { OnnxModel, OnnxSession } from '../../src/engine/export';
import { buildNetwork, graphOf } from '../../src/engine/models';
import type { Layer } from '../../src/engine/models';
import { GraphNetwork } from '../../src/engine/models/graph';
import { createPipeline } from '../../src/engine/pipeline';
import { mulberry32 } from '../../src/engine/random';
import { TEST_BACKENDS, temporaryFolder, useShapesFolder } from './support';

// Every built-in architecture exported to ONNX, checked by ONNX's own checker and run in ONNX Runtime against
// tfjs on random and real images, at two batch sizes (the batch dimension is dynamic).

const ARCHITECTURES: Readonly<Record<string, EngineTask>> = {
  'cls-s': TASK_TYPES.classification,
  'cls-m': TASK_TYPES.classification,
  'det-centernet-s': TASK_TYPES.objectDetection,
  'seg-unet-s': TASK_TYPES.semanticSegmentation,
};
const INPUT_SIZE = 64;
const CLASSES = 3;
const OPTIONS = { producerVersion: '0.0.0-test', description: 'onnxExport.test' };

function specFor(arch: string, overrides: Partial<NetworkSpec> = {}): NetworkSpec {
  const task = ARCHITECTURES[arch];
  if (task === undefined) throw new Error(`no task for ${arch}`);
  return { task, arch, numClasses: CLASSES, inputSize: INPUT_SIZE, seed: 7, ...overrides };
}

/** Uniform in [low, high) from a seeded stream. */
const uniform = (random: () => number, low: number, high: number) => () => low + (high - low) * random();

/**
 * Fresh networks have batch-norm statistics 0 and 1, gammas 1 and zero biases, which hide layout mistakes in
 * exactly those weights: every one of them gets seeded random values (variances positive).
 */
function randomizeWeights(network: Network, seed: number): void {
  const random = mulberry32(seed);
  const draws: Readonly<Record<string, () => number>> = {
    gamma: uniform(random, 0.5, 1.5),
    beta: uniform(random, -0.5, 0.5),
    moving_mean: uniform(random, -0.5, 0.5),
    moving_variance: uniform(random, 0.5, 2),
    bias: uniform(random, -0.5, 0.5),
  };
  for (const { name, variable } of [...network.trainable, ...network.state]) {
    const draw = draws[name.slice(name.lastIndexOf('.') + 1)];
    if (draw === undefined) continue;
    const values = tf.tensor(Float32Array.from({ length: variable.size }, draw), variable.shape);
    variable.assign(values);
    values.dispose();
  }
}

function randomImages(batchSize: number, seed: number): Float32Array {
  const random = mulberry32(seed);
  return Float32Array.from({ length: batchSize * INPUT_SIZE * INPUT_SIZE * 3 }, random);
}

/** What ONNX's own reader and checker (python3-onnx) see in a model file. */
interface CheckedModel {
  readonly ir_version: number;
  readonly opsets: Record<string, number>;
  readonly producer: string;
  readonly inputs: Record<string, (number | string)[]>;
  readonly outputs: Record<string, (number | string)[]>;
}

const PYTHON = '/usr/bin/python3';
const CHECKER = `
import json, sys, onnx
model = onnx.load(sys.argv[1])
onnx.checker.check_model(model, full_check=True)
def shape(value):
    return [d.dim_param if d.HasField('dim_param') else d.dim_value for d in value.type.tensor_type.shape.dim]
print(json.dumps({
    'ir_version': model.ir_version,
    'opsets': {o.domain: o.version for o in model.opset_import},
    'producer': model.producer_name,
    'inputs': {v.name: shape(v) for v in model.graph.input},
    'outputs': {v.name: shape(v) for v in model.graph.output},
}))
`;
const onnxCheckerAvailable = spawnSync(PYTHON, ['-c', 'import onnx']).status === 0;

function checkWithOnnx(file: string): CheckedModel {
  return JSON.parse(execFileSync(PYTHON, ['-c', CHECKER, file], { encoding: 'utf8' })) as CheckedModel;
}

/** measureParity, checking that it leaves no tensor behind. */
async function parityWithoutLeaks(
  network: Network,
  session: OnnxSession,
  images: Float32Array,
  size: number,
) {
  const tensorsBefore = tf.memory().numTensors;
  const report = await measureParity(network, session, images, size);
  assert.equal(tf.memory().numTensors, tensorsBefore, 'tensors left after measureParity');
  return report;
}

/** The declared ONNX shape of each output at a batch size, in the engine's layout (NHWC), as run() gives it. */
function engineShapes(model: OnnxModel, batchSize: number): number[][] {
  return model.outputs.map(({ shape }) => {
    const dims = shape.map((size) => (size === ONNX_BATCH_DIMENSION ? batchSize : Number(size)));
    const [n = 0, c = 0, h, w] = dims;
    return h === undefined || w === undefined ? dims : [n, h, w, c];
  });
}

async function withNetwork<T>(spec: NetworkSpec, use: (network: Network) => Promise<T>): Promise<T> {
  const network = buildNetwork(spec);
  try {
    return await use(network);
  } finally {
    network.dispose();
  }
}

async function withSession<T>(model: Uint8Array | string, use: (session: OnnxSession) => Promise<T>) {
  const session = await openOnnxSession(model, { threads: 1 });
  try {
    return await use(session);
  } finally {
    await session.release();
  }
}

async function assertExportError(promise: Promise<unknown>, message: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ExportError, `not an ExportError: ${String(error)}`);
    assert.match(error.message, message);
    assert.ok(error.problem.hint.length > 0, 'no hint');
    return true;
  });
}

describe('ONNX export', () => {
  const shapes = useShapesFolder('onnx-export', 2);
  let folder = '';
  /** Three decoded, letterboxed images of the shapes dataset at INPUT_SIZE. */
  let realImages: Float32Array = new Float32Array();

  before(async () => {
    await selectBackend({ only: TEST_BACKENDS });
    folder = temporaryFolder('onnx-models');
    const pipeline = createPipeline(shapes.dataset.train, {
      task: TASK_TYPES.classification,
      classes: shapes.dataset.classes,
      inputSize: INPUT_SIZE,
    });
    for await (const batch of pipeline.batches({ order: [0, 1, 2], batchSize: 3, seed: 0 })) {
      realImages = batch.images;
    }
    await pipeline.close();
    assert.equal(realImages.length, 3 * INPUT_SIZE * INPUT_SIZE * 3);
  });
  after(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  for (const arch of Object.keys(ARCHITECTURES)) {
    it(`${arch}: passes ONNX's checker and matches tfjs within ${PARITY_TOLERANCE} at batch 1 and 3`, async (t) => {
      await withNetwork(specFor(arch), async (network) => {
        randomizeWeights(network, 3);
        const started = performance.now();
        const model = buildOnnxModel(network, OPTIONS);
        const built = performance.now() - started;
        const file = path.join(folder, `${arch}.onnx`);
        fs.writeFileSync(file, model.bytes);
        t.diagnostic(
          `${arch}: ${model.bytes.length} bytes at input ${INPUT_SIZE}, built in ${built.toFixed(0)} ms`,
        );

        assert.equal(model.input.name, ONNX_INPUT_NAME);
        assert.deepEqual(model.input.shape, [ONNX_BATCH_DIMENSION, 3, INPUT_SIZE, INPUT_SIZE]);
        for (const info of [model.input, ...model.outputs])
          assert.ok(info.description.length > 40, info.name);
        if (onnxCheckerAvailable) {
          const checked = checkWithOnnx(file);
          assert.equal(checked.ir_version, ONNX_IR_VERSION);
          assert.deepEqual(checked.opsets, { '': ONNX_OPSET });
          assert.equal(checked.producer, 'Train Studio');
          assert.deepEqual(checked.inputs, { [ONNX_INPUT_NAME]: model.input.shape });
          assert.deepEqual(
            checked.outputs,
            Object.fromEntries(model.outputs.map((output) => [output.name, output.shape])),
          );
        } else {
          t.diagnostic(`${PYTHON} has no onnx module: ONNX's checker was not run`);
        }

        await withSession(file, async (session) => {
          assert.deepEqual(
            session.outputNames,
            model.outputs.map((output) => output.name),
          );
          for (const batchSize of [1, 3]) {
            const images = randomImages(batchSize, batchSize);
            const outputs = await session.run(images, batchSize, INPUT_SIZE);
            assert.deepEqual(
              outputs.map((output) => output.dims),
              engineShapes(model, batchSize),
            );
            const parity = await parityWithoutLeaks(network, session, images, batchSize);
            t.diagnostic(
              `${arch}: max |diff| ${parity.maxAbsDiff.toExponential(2)} on ${batchSize} random images`,
            );
            assert.equal(parity.images, batchSize);
            assert.deepEqual(
              parity.outputs.map((output) => output.name),
              session.outputNames,
            );
            assert.ok(parity.maxAbsDiff <= PARITY_TOLERANCE, `max |diff| ${parity.maxAbsDiff}`);
          }
          const real = await parityWithoutLeaks(network, session, realImages, 3);
          t.diagnostic(`${arch}: max |diff| ${real.maxAbsDiff.toExponential(2)} on 3 decoded images`);
          assert.ok(real.maxAbsDiff <= PARITY_TOLERANCE, `max |diff| ${real.maxAbsDiff}`);
        });
      });
    });
  }

  it('measures a changed weight as a difference, and a NaN as NaN', async () => {
    await withNetwork(specFor('seg-unet-s'), async (network) => {
      randomizeWeights(network, 5);
      const model = buildOnnxModel(network, OPTIONS);
      await withSession(model.bytes, async (session) => {
        const images = randomImages(2, 9);
        const gamma = network.trainable.find(({ name }) => name === 'dec1.bn.gamma')?.variable;
        assert.ok(gamma);
        const changed = tf.tidy(() => tf.add(gamma, 0.01));
        gamma.assign(changed);
        changed.dispose();
        const report = await parityWithoutLeaks(network, session, images, 2);
        assert.ok(report.maxAbsDiff > PARITY_TOLERANCE, `max |diff| ${report.maxAbsDiff}`);

        const poisoned = tf.fill(gamma.shape, NaN);
        gamma.assign(poisoned);
        poisoned.dispose();
        const nan = await parityWithoutLeaks(network, session, images, 2);
        assert.ok(Number.isNaN(nan.maxAbsDiff));
        assert.ok(Number.isNaN(nan.outputs[0]?.maxAbsDiff));
      });
    });
  });

  it('refuses to compare outputs of different shapes, naming the output', async () => {
    const fourClasses = await withNetwork(specFor('cls-s', { numClasses: 4 }), (network) =>
      Promise.resolve(buildOnnxModel(network, OPTIONS)),
    );
    await withNetwork(specFor('cls-s'), async (network) => {
      await withSession(fourClasses.bytes, (session) =>
        assertExportError(
          measureParity(network, session, randomImages(1, 1), 1),
          /output 'logits'.*\[1, 4\]/,
        ),
      );
    });
  });

  it('names the layer it cannot write', async () => {
    await withNetwork(specFor('cls-s'), async (network) => {
      const graph = graphOf(network);
      assert.ok(graph);
      const last = graph.layers.at(-1)?.name ?? '';
      const swish = { kind: 'swish', name: 'head.swish', inputs: [last] } as unknown as Layer;
      const unsupported = new GraphNetwork(network.spec, {
        ...graph,
        layers: [...graph.layers, swish],
        outputs: ['head.swish'],
      });
      await assertExportError(
        Promise.resolve().then(() => buildOnnxModel(unsupported, OPTIONS)),
        /^Layer 'head\.swish' \(kind 'swish'\) cannot be written as ONNX\.$/,
      );
    });
  });

  it('refuses a graph whose outputs do not fit its task', async () => {
    await withNetwork(specFor('cls-s'), async (network) => {
      const graph = graphOf(network);
      assert.ok(graph);
      const features = new GraphNetwork(network.spec, { ...graph, outputs: ['stage3.relu'] });
      await assertExportError(
        Promise.resolve().then(() => buildOnnxModel(features, OPTIONS)),
        /^The exported output 'logits' would be \[batch, 64, 8, 8\], not \[batch, 3\]\.$/,
      );
      const detection = new GraphNetwork(specFor('det-centernet-s'), graph);
      await assertExportError(
        Promise.resolve().then(() => buildOnnxModel(detection, OPTIONS)),
        /det-centernet-s network has 1 outputs, but a object detection model is exported with 3/,
      );
    });
  });

  it('refuses a network that the layer library did not build', async () => {
    const network: Network = {
      spec: specFor('cls-s'),
      trainable: [],
      state: [],
      headWeightNames: new Set(),
      apply: (images) => [tf.mean(images, [1, 2, 3])],
      dispose: () => undefined,
    };
    await assertExportError(
      Promise.resolve().then(() => buildOnnxModel(network, OPTIONS)),
      /cls-s network cannot be exported: it was not built by Train Studio's layer library/,
    );
  });

  it('rejects a truncated model, as bytes and as a file, with ONNX Runtime message', async () => {
    const model = await withNetwork(specFor('cls-s'), (network) =>
      Promise.resolve(buildOnnxModel(network, OPTIONS)),
    );
    const truncated = model.bytes.slice(0, Math.floor(model.bytes.length / 2));
    await assertExportError(openOnnxSession(truncated), /^ONNX Runtime cannot load the ONNX model: ./);
    const file = path.join(folder, 'truncated.onnx');
    fs.writeFileSync(file, truncated);
    await assert.rejects(openOnnxSession(file), (error: unknown) => {
      assert.ok(error instanceof ExportError);
      assert.equal(error.problem.file, file);
      assert.ok(error.message.startsWith(`ONNX Runtime cannot load the ONNX model ${file}: `), error.message);
      return true;
    });
  });
});
