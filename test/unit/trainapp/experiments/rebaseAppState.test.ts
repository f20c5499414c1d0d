import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { AppState } from '../../../../src/core/schemas';
import { rebaseAppState } from '../../../../src/trainapp/experiments/rebaseAppState';

// The experiment's own app_state.json points at the same files from its new folder, for every split
// method, and parses back to the same state.

const from = '/work/project';
const to = '/work/project/experiments/shapes/3_tfjs';

const base = {
  input: { project: 'data/shapes' },
  classes: ['a'],
  model: { source: 'Custom models', experiment: 'experiments/shapes/1_tfjs', checkpoint: 'best.json' },
  framework: 'frameworks/mine',
};

const splits = [
  { method: 'random', percent: 70, seed: 9 },
  { method: 'tags', train_tag: 'tr', val_tag: 'va', untagged_action: 'train' },
  { method: 'datasets', train_datasets: ['ds1'], val_datasets: ['ds2/night'] },
  { method: 'collections', train_collections: ['lists/train.txt'], val_collections: ['/abs/val.txt'] },
];

describe('rebaseAppState', () => {
  for (const split of splits) {
    it(`keeps every path pointing at the same file, with a ${split.method} split`, () => {
      const state = AppState.parse({ ...base, train_val_split: split });
      const moved = AppState.parse(JSON.parse(JSON.stringify(rebaseAppState(state, from, to))));
      const resolve = (value: string) => path.resolve(to, value);
      assert.equal(resolve(moved.input.project), path.resolve(from, 'data/shapes'));
      assert.equal(moved.framework, '../../../frameworks/mine');
      assert.ok(moved.model.source === 'Custom models');
      assert.equal(resolve(moved.model.experiment), path.resolve(from, 'experiments/shapes/1_tfjs'));
      if (moved.train_val_split.method === 'collections') {
        assert.equal(
          resolve(moved.train_val_split.train_collections[0] ?? ''),
          '/work/project/lists/train.txt',
        );
        assert.deepEqual(moved.train_val_split.val_collections, ['/abs/val.txt'], 'absolute paths stay');
      } else {
        assert.deepEqual(moved.train_val_split, state.train_val_split);
      }
      assert.deepEqual(rebaseAppState(moved, to, from), state, 'moving it back gives the original');
    });
  }

  it('leaves the built-in framework’s name alone', () => {
    const state = AppState.parse({ ...base, framework: 'tfjs', train_val_split: splits[0] });
    assert.equal(rebaseAppState(state, from, to).framework, 'tfjs');
  });
});
