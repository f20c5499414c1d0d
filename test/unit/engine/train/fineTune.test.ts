import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { TASK_TYPES } from '../../../../src/core/names';
import { BuiltinHyperparameters } from '../../../../src/core/schemas/hyperparameters';
import { readCheckpoint, saveCheckpoint } from '../../../../src/engine/checkpoint';
import type { Network } from '../../../../src/engine/contracts';
import { buildNetwork } from '../../../../src/engine/models';
import { describeMapping, initialiseFrom, mapClasses } from '../../../../src/engine/train/fineTune';
import { readVariables } from '../../../../src/engine/train/variables';
import { useCpu, valuesOf } from './support';

const classifier = (seed: number, numClasses: number) =>
  buildNetwork({ task: TASK_TYPES.classification, arch: 'cls-s', numClasses, inputSize: 32, seed });

/** A checkpoint of `network`'s weights, as a run with `classes` would write it. */
async function checkpointOf(network: Network, classes: string[]) {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'fine-tune-'));
  const tensors = [
    ...(await readVariables(network.trainable, 'weights')),
    ...(await readVariables(network.state, 'state')),
  ];
  const sidecar = saveCheckpoint(
    folder,
    'best',
    {
      backend: 'cpu',
      model: { ...network.spec, classes },
      hyperparameters: BuiltinHyperparameters.parse({}),
      position: {
        epoch: 1,
        stepInEpoch: 1,
        stepsPerEpoch: 1,
        epochComplete: true,
        globalStep: 1,
        learningRate: 0.1,
      },
      random: { algorithm: 'test', seed: 1, shuffleSeed: 1, augmentationSeed: 1 },
    },
    tensors,
  );
  return {
    checkpoint: readCheckpoint(sidecar),
    cleanup: () => {
      fs.rmSync(folder, { recursive: true });
    },
  };
}

const split = (network: Network, values: number[][]) => {
  const names = [...network.trainable, ...network.state].map(({ name }) => name);
  const isHead = (index: number) => network.headWeightNames.has(names[index] ?? '');
  return {
    body: values.filter((_, index) => !isHead(index)),
    head: values.filter((_, index) => isHead(index)),
  };
};

describe('class mapping for fine-tuning', () => {
  it('maps kept classes to their new index, and lists dropped and new ones', () => {
    const mapping = mapClasses(['cat', 'dog', 'bird'], ['dog', 'cat', 'fish']);
    assert.deepEqual(mapping.classes, [
      { name: 'cat', from: 0, to: 1 },
      { name: 'dog', from: 1, to: 0 },
      { name: 'bird', from: 2, to: null },
    ]);
    assert.deepEqual(mapping.added, ['fish']);
    assert.deepEqual(mapping.dropped, ['bird']);
    assert.equal(mapping.headReinitialised, true);
    assert.match(describeMapping(mapping), /cat 0 → 1, dog 1 → 0, bird \(2\) dropped; new: fish/);
  });

  it('keeps the head only for the very same list in the same order', () => {
    assert.equal(mapClasses(['a', 'b'], ['a', 'b']).headReinitialised, false);
    assert.equal(mapClasses(['a', 'b'], ['b', 'a']).headReinitialised, true);
  });
});

describe('fine-tuning weights', () => {
  before(useCpu);

  it('takes every weight when the classes are the same, the body only when they differ', async () => {
    const source = classifier(1, 3);
    const { checkpoint, cleanup } = await checkpointOf(source, ['a', 'b', 'c']);
    const sourceValues = split(source, valuesOf([...source.trainable, ...source.state]));

    const same = classifier(2, 3);
    const sameReport = initialiseFrom(same, checkpoint, ['a', 'b', 'c']);
    assert.deepEqual(
      valuesOf([...same.trainable, ...same.state]),
      valuesOf([...source.trainable, ...source.state]),
    );
    assert.equal(sameReport.loaded, sameReport.total);

    const other = classifier(2, 2);
    const fresh = split(other, valuesOf([...other.trainable, ...other.state]));
    const report = initialiseFrom(other, checkpoint, ['c', 'd']);
    const after = split(other, valuesOf([...other.trainable, ...other.state]));
    assert.deepEqual(after.body, sourceValues.body, 'body from the checkpoint');
    assert.deepEqual(after.head, fresh.head, 'head as initialised');
    assert.equal(report.loaded, report.total - other.headWeightNames.size);
    assert.deepEqual(report.unmatched, []);
    assert.deepEqual(report.mapping.dropped, ['a', 'b']);
    for (const network of [source, same, other]) network.dispose();
    cleanup();
  });

  it('refuses another architecture, naming the checkpoint', async () => {
    const source = classifier(1, 2);
    const { checkpoint, cleanup } = await checkpointOf(source, ['a', 'b']);
    const medium = buildNetwork({
      task: TASK_TYPES.classification,
      arch: 'cls-m',
      numClasses: 2,
      inputSize: 32,
      seed: 1,
    });
    assert.throws(
      () => initialiseFrom(medium, checkpoint, ['a', 'b']),
      (error: Error) => {
        assert.match(
          error.message,
          /best\.json: the checkpoint is a 'cls-s' model, but this run trains 'cls-m'/,
        );
        return true;
      },
    );
    for (const network of [source, medium]) network.dispose();
    cleanup();
  });
});
