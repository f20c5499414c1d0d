import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Completion } from '../../../src/core/config';
import { completionsAt } from '../../../src/core/config';
import type { ConfigKind } from '../../../src/core/names';
import { CONFIG_KINDS } from '../../../src/core/names';
import { applyEdits, withCursor } from './support';

// Completion of keys not yet written and of enum and boolean values, in YAML and JSON, in documents
// that are still being typed. The cursor is marked `|`.

function complete(kind: ConfigKind, marked: string): Completion[] {
  const { document, position } = withCursor(kind, marked);
  return completionsAt(document, position);
}

const labels = (completions: readonly Completion[]): string[] =>
  completions.map((completion) => completion.label);

/** The text after accepting the completion with this label. */
function accept(kind: ConfigKind, marked: string, label: string): string {
  const chosen = complete(kind, marked).find((completion) => completion.label === label);
  assert.ok(chosen, `no completion ${label}`);
  return applyEdits(marked.replace('|', ''), [{ range: chosen.range, newText: chosen.insertText }]);
}

describe('completion in YAML', () => {
  it('offers the keys not yet written, on a half-typed line of its own inside a mapping', () => {
    const marked = 'epochs: 5\noptimizer:\n  type: SGD\n  mo|\n  lr: 0.1\nseed: 1\n';
    assert.deepEqual(labels(complete(CONFIG_KINDS.hyperparameters, marked)), [
      'betas',
      'momentum',
      'weight_decay',
    ]);
    assert.equal(
      accept(CONFIG_KINDS.hyperparameters, marked, 'momentum'),
      'epochs: 5\noptimizer:\n  type: SGD\n  momentum: \n  lr: 0.1\nseed: 1\n',
    );
  });

  it('offers top-level keys on an empty line, with documentation', () => {
    const completions = complete(CONFIG_KINDS.hyperparameters, 'epochs: 5\nseed: 2\n|');
    assert.ok(!labels(completions).includes('epochs'));
    const optimizer = completions.find((completion) => completion.label === 'optimizer');
    assert.equal(optimizer?.insertText, 'optimizer:');
    assert.match(optimizer.documentation ?? '', /The optimizer and its parameters/);
    assert.equal(completions.find((completion) => completion.label === 'patience')?.insertText, 'patience: ');
  });

  it('still counts the file as the built-in framework’s while a new key is half typed', () => {
    assert.ok(labels(complete(CONFIG_KINDS.hyperparameters, 'epochs: 5\nxq|\n')).includes('batch_size'));
  });

  it('keeps the `:` that is already there', () => {
    const marked = 'optimizer:\n  ty|: SGD\n';
    assert.equal(accept(CONFIG_KINDS.hyperparameters, marked, 'type'), 'optimizer:\n  type: SGD\n');
  });

  it('offers enum values and booleans after `key: `', () => {
    assert.deepEqual(labels(complete(CONFIG_KINDS.hyperparameters, 'lr_scheduler:\n  type: m|\n')), [
      'cosine',
      'step',
      'multistep',
    ]);
    assert.equal(
      accept(CONFIG_KINDS.hyperparameters, 'lr_scheduler:\n  type: m|\n', 'multistep'),
      'lr_scheduler:\n  type: multistep\n',
    );
    assert.deepEqual(labels(complete(CONFIG_KINDS.appOptions, 'multi_gpu: |')), ['true', 'false']);
    assert.deepEqual(labels(complete(CONFIG_KINDS.appOptions, 'train_logger: |')), ['tensorboard', 'null']);
  });

  it('offers a list’s values on a `- ` line and inside a one-line list', () => {
    const block = 'train_val_splits_selector:\n  methods:\n    - random\n    - |\n';
    assert.deepEqual(labels(complete(CONFIG_KINDS.appOptions, block)), [
      'random',
      'tags',
      'datasets',
      'collections',
    ]);
    const flow = 'train_val_splits_selector:\n  methods: [random, da|]\n';
    assert.equal(
      accept(CONFIG_KINDS.appOptions, flow, 'datasets'),
      'train_val_splits_selector:\n  methods: [random, datasets]\n',
    );
  });

  it('offers nothing in another framework’s hyperparameters', () => {
    assert.deepEqual(complete(CONFIG_KINDS.hyperparameters, 'epoches: 72\nuse_amp: true\n|'), []);
    assert.deepEqual(
      complete(CONFIG_KINDS.hyperparameters, '# train-studio: framework=yolo\nepochs: 3\n|'),
      [],
    );
  });
});

describe('completion in JSON', () => {
  it('offers keys in an object just opened, replacing the open quote', () => {
    const marked = '{"input": {"project": "p"}, "options": {"|';
    const completions = complete(CONFIG_KINDS.appState, marked);
    assert.deepEqual(labels(completions), [
      'model_benchmark',
      'cache_project',
      'convert_class_shapes',
      'export',
      'reinitialize_head',
      'device',
    ]);
    assert.equal(
      accept(CONFIG_KINDS.appState, marked, 'device'),
      '{"input": {"project": "p"}, "options": {"device": ',
    );
  });

  it('offers only the discriminator of a union until it is written, then that branch’s missing keys', () => {
    assert.deepEqual(labels(complete(CONFIG_KINDS.appState, '{"train_val_split": {|}}')), ['method']);
    const tags = complete(
      CONFIG_KINDS.appState,
      '{"train_val_split": {"method": "tags", "val_tag": "v", "|"}}',
    );
    assert.deepEqual(labels(tags), ['train_tag', 'untagged_action']);
    assert.deepEqual(labels(complete(CONFIG_KINDS.appState, '{"model": {"source": "Custom models", |}}')), [
      'experiment',
      'checkpoint',
    ]);
  });

  it('offers enum values inside a string being typed, and the union’s discriminator values', () => {
    const marked = '{"train_val_split": {"method": "ta|"}}';
    assert.deepEqual(labels(complete(CONFIG_KINDS.appState, marked)), [
      'random',
      'tags',
      'datasets',
      'collections',
    ]);
    assert.equal(accept(CONFIG_KINDS.appState, marked, 'tags'), '{"train_val_split": {"method": "tags"}}');
    const nested = complete(CONFIG_KINDS.models, '[{"meta": {"task_type": "o|"}}]');
    assert.equal(
      nested.find((completion) => completion.label === 'object detection')?.insertText,
      '"object detection"',
    );
  });

  it('offers booleans after a colon, and keeps a colon that follows the key', () => {
    assert.deepEqual(labels(complete(CONFIG_KINDS.appState, '{"options": {"cache_project": |')), [
      'true',
      'false',
    ]);
    assert.equal(
      accept(CONFIG_KINDS.models, '[{"meta": {"task_|": "classification"}}]', 'task_type'),
      '[{"meta": {"task_type": "classification"}}]',
    );
  });

  it('offers nothing where no key or value can go', () => {
    assert.deepEqual(complete(CONFIG_KINDS.appState, '{"input" |'), []);
    assert.deepEqual(complete(CONFIG_KINDS.appState, '|'), []);
    assert.deepEqual(complete(CONFIG_KINDS.appState, '{"nothing": {"|'), []);
  });
});
