import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { TASK_TYPES } from '../../../../src/core/names';
import {
  ARCHITECTURES,
  buildNetwork,
  GRAPH_INPUT,
  graphOf,
  numClassesFor,
} from '../../../../src/engine/models';
import { ARCH_TASKS, specFor, useCpuBackend } from './support';

const ARCHS = Object.keys(ARCH_TASKS);

/** The output shapes each architecture must give for an input side and class count. */
function expectedShapes(arch: string, side: number, classes: number): number[][] {
  const batch = 2;
  if (ARCH_TASKS[arch] === TASK_TYPES.classification) return [[batch, classes]];
  if (ARCH_TASKS[arch] === TASK_TYPES.semanticSegmentation) return [[batch, side, side, classes]];
  const cells = side / 4;
  return [
    [batch, cells, cells, classes],
    [batch, cells, cells, 2],
    [batch, cells, cells, 2],
  ];
}

const weightValues = (network: ReturnType<typeof buildNetwork>) =>
  network.trainable.map(({ variable }) => Array.from(variable.dataSync()));

describe('architectures', () => {
  before(useCpuBackend);

  it('lists exactly the architectures the tests know, each with its task', () => {
    assert.deepEqual(Object.keys(ARCHITECTURES).sort(), [...ARCHS].sort());
    for (const arch of ARCHS) assert.equal(ARCHITECTURES[arch]?.task, ARCH_TASKS[arch]);
  });

  for (const arch of ARCHS) {
    it(`${arch}: output shapes at 32 and 64 px; parameter count`, (t) => {
      for (const side of [32, 64]) {
        const network = buildNetwork(specFor(arch, { inputSize: side, numClasses: 5 }));
        const images = tf.zeros<tf.Rank.R4>([2, side, side, 3]);
        for (const training of [true, false]) {
          const outputs = network.apply(images, training);
          assert.deepEqual(
            outputs.map((output) => output.shape),
            expectedShapes(arch, side, 5),
          );
          tf.dispose(outputs);
        }
        if (side === 32) {
          const parameters = network.trainable.reduce((sum, { variable }) => sum + variable.size, 0);
          t.diagnostic(`${arch}: ${parameters} trainable parameters (5 classes)`);
          assert.ok(parameters > 20_000 && parameters < 600_000, `${parameters} parameters`);
        }
        images.dispose();
        network.dispose();
      }
    });

    it(`${arch}: weights are a function of the seed; names are unique paths`, () => {
      const first = buildNetwork(specFor(arch));
      const same = buildNetwork(specFor(arch));
      const other = buildNetwork(specFor(arch, { seed: 8 }));
      assert.deepEqual(weightValues(first), weightValues(same));
      assert.notDeepEqual(weightValues(first), weightValues(other));
      const names = [...first.trainable, ...first.state].map(({ name }) => name);
      assert.equal(new Set(names).size, names.length);
      for (const name of names) assert.match(name, /^[a-z0-9]+(\.[a-z0-9_]+)+$/);
      assert.ok(first.headWeightNames.size > 0);
      for (const name of first.headWeightNames) assert.ok(names.includes(name), name);
      for (const network of [first, same, other]) network.dispose();
    });

    it(`${arch}: its graph lists layers in execution order, each weight once`, () => {
      const network = buildNetwork(specFor(arch));
      const graph = graphOf(network);
      assert.ok(graph);
      const defined = new Set([GRAPH_INPUT]);
      for (const layer of graph.layers) {
        for (const input of layer.inputs)
          assert.ok(defined.has(input), `${layer.name} reads ${input} before it exists`);
        defined.add(layer.name);
      }
      for (const output of graph.outputs) assert.ok(defined.has(output), output);
      const weightCount = graph.layers.reduce((sum, layer) => {
        const weights =
          'kernel' in layer
            ? [layer.kernel, layer.bias]
            : 'gamma' in layer
              ? [layer.gamma, layer.beta, layer.movingMean, layer.movingVariance]
              : [];
        return sum + weights.filter((weight) => weight !== undefined).length;
      }, 0);
      assert.equal(weightCount, network.trainable.length + network.state.length);
      network.dispose();
    });

    it(`${arch}: apply leaves no tensors behind, and dispose frees every weight`, () => {
      const before = tf.memory().numTensors;
      const network = buildNetwork(specFor(arch));
      const images = tf.zeros<tf.Rank.R4>([2, 32, 32, 3]);
      const afterBuild = tf.memory().numTensors;
      for (const training of [true, false, true]) tf.dispose(network.apply(images, training));
      assert.equal(tf.memory().numTensors, afterBuild);
      images.dispose();
      network.dispose();
      assert.equal(tf.memory().numTensors, before);
    });
  }

  it('names weights by layer path, and the class-dependent layer is the head', () => {
    const network = buildNetwork(specFor('cls-s'));
    const names = [...network.trainable, ...network.state].map(({ name }) => name);
    for (const name of [
      'stem.conv.kernel',
      'stage2.bn.moving_mean',
      'stage3.bn.gamma',
      'classifier.kernel',
    ]) {
      assert.ok(names.includes(name), name);
    }
    assert.deepEqual([...network.headWeightNames].sort(), ['classifier.bias', 'classifier.kernel']);
    network.dispose();
  });

  it('initialises the detection heatmap bias to a 0.1 prior', () => {
    const network = buildNetwork(specFor('det-centernet-s'));
    const bias = network.trainable.find(({ name }) => name === 'head.heatmap.out.bias');
    assert.ok(bias);
    const probabilities = tf.tidy(() => Array.from(tf.sigmoid(bias.variable).dataSync()));
    for (const p of probabilities) assert.ok(Math.abs(p - 0.1) < 1e-3, `${p}`);
    assert.ok([...network.headWeightNames].every((name) => name.startsWith('head.heatmap.out.')));
    network.dispose();
  });

  it('rejects an unknown architecture, naming the known ones', () => {
    assert.throws(
      () => buildNetwork(specFor('cls-s', { arch: 'resnet-9000' })),
      /Unknown architecture 'resnet-9000'.*cls-s, cls-m, det-centernet-s, seg-unet-s/,
    );
  });

  it('rejects an architecture of another task, input sizes off the 32 grid, and too few classes', () => {
    assert.throws(
      () => buildNetwork(specFor('cls-s', { task: TASK_TYPES.objectDetection })),
      /'cls-s' is for classification, but the task is object detection/,
    );
    for (const inputSize of [48, 16, 1056]) {
      assert.throws(() => buildNetwork(specFor('cls-s', { inputSize })), /multiple of 32 from 32 to 1024/);
    }
    assert.throws(() => buildNetwork(specFor('seg-unet-s', { numClasses: 1 })), /at least 2 output classes/);
  });

  it('counts the background as a segmentation class', () => {
    assert.equal(numClassesFor(TASK_TYPES.semanticSegmentation, 3), 4);
    assert.equal(numClassesFor(TASK_TYPES.objectDetection, 3), 3);
    assert.equal(numClassesFor(TASK_TYPES.classification, 3), 3);
  });
});
