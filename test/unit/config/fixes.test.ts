import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../../src/core/config';
import { parseConfig, validateConfig } from '../../../src/core/config';
import { insertKeyFix } from '../../../src/core/config/fixes';
import { locateFinding } from '../../../src/core/config/position';
import type { ConfigKind } from '../../../src/core/names';
import { CONFIG_KINDS } from '../../../src/core/names';
import { applyEdits } from './support';

// Quick fixes: each is applied to the text, the result re-validated; the finding it fixes must be gone,
// the file must still parse, and the edit must follow the file's layout.

function findingOf(kind: ConfigKind, text: string, code: string): Finding {
  const finding = validateConfig(parseConfig(kind, text)).findings.find(
    (candidate) => candidate.code === code,
  );
  assert.ok(finding, `no ${code} finding`);
  return finding;
}

/** Applies the finding's first fix; the same problem must be gone and the result must parse. */
function applyFirstFix(kind: ConfigKind, text: string, code: string): { fixed: string; after: Finding[] } {
  const finding = findingOf(kind, text, code);
  const [fix] = finding.fixes;
  assert.ok(fix, `the ${code} finding has no fix`);
  const fixed = applyEdits(text, fix.edits);
  const document = parseConfig(kind, fixed);
  assert.equal(document.broken, false, `the fixed text does not parse:\n${fixed}`);
  const after = validateConfig(document).findings;
  assert.ok(
    !after.some((candidate) => candidate.code === code && candidate.message === finding.message),
    `the finding is still there after the fix:\n${fixed}`,
  );
  return { fixed, after };
}

describe('quick fixes', () => {
  it('rename an unknown YAML key to the suggestion', () => {
    const text = 'epochs: 5\nlr_schedular:  # typo\n  type: step\n';
    const { fixed, after } = applyFirstFix(CONFIG_KINDS.hyperparameters, text, 'unknown-key');
    assert.equal(fixed, 'epochs: 5\nlr_scheduler:  # typo\n  type: step\n');
    assert.deepEqual(after, []);
  });

  it('rename an unknown JSON key, keeping its quotes', () => {
    const text =
      '{"input": {"project": "p"}, "train_val_split": {"method": "random", "sead": 1},\n "model": {"source": "Pretrained models", "model_name": "m"}}';
    const { fixed, after } = applyFirstFix(CONFIG_KINDS.appState, text, 'unknown-key');
    assert.match(fixed, /"method": "random", "seed": 1\}/);
    assert.deepEqual(after, []);
  });

  it('rename a key inside app_state hyperparameters, in the JSON string after escapes', () => {
    const text =
      '{"input": {"project": "p"}, "train_val_split": {"method": "random"},\n' +
      ' "model": {"source": "Pretrained models", "model_name": "m"},\n' +
      ' "hyperparameters": "# \\"run\\" \\u00e9\\nepochs: 5\\nbatch_sise: 8\\n"}';
    const { fixed, after } = applyFirstFix(CONFIG_KINDS.appState, text, 'unknown-key');
    assert.match(fixed, /"hyperparameters": "# \\"run\\" \\u00e9\\nepochs: 5\\nbatch_size: 8\\n"/);
    assert.deepEqual(after, []);
  });

  it('replace an enum value with the suggestion, quoted as the syntax needs', () => {
    const yaml = applyFirstFix(CONFIG_KINDS.hyperparameters, 'optimizer:\n  type: adamw\n', 'enum');
    assert.equal(yaml.fixed, 'optimizer:\n  type: AdamW\n');
    const json = applyFirstFix(
      CONFIG_KINDS.models,
      '[{"Model": "a", "meta": {"task_type": "object detetcion", "model_files": {"checkpoint": "c"}}}]',
      'enum',
    );
    assert.match(json.fixed, /"task_type": "object detection"/);
    assert.deepEqual(json.after, []);
  });

  it('insert a missing required key into a multi-line JSON object, with a comma and its indentation', () => {
    const text = [
      '{',
      '    "input": {"project": "data/lemons"},',
      '    "model": {"source": "Pretrained models", "model_name": "m"}',
      '}',
      '',
    ].join('\n');
    const { fixed, after } = applyFirstFix(CONFIG_KINDS.appState, text, 'required');
    assert.equal(
      fixed,
      [
        '{',
        '    "input": {"project": "data/lemons"},',
        '    "model": {"source": "Pretrained models", "model_name": "m"},',
        '    "train_val_split": {',
        '        "method": "random",',
        '        "split": "train",',
        '        "percent": 80,',
        '        "seed": 42,',
        '        "stratify": false',
        '    }',
        '}',
        '',
      ].join('\n'),
    );
    assert.deepEqual(after, []);
  });

  it('insert into a one-line JSON object on that line, and into an empty one', () => {
    const base =
      '{"train_val_split": {"method": "random"}, "model": {"source": "Pretrained models", "model_name": "m"}, ';
    const custom = applyFirstFix(
      CONFIG_KINDS.appState,
      `${base.replace('"Pretrained models", "model_name": "m"', '"Custom models", "experiment": "e"')}"input": {"project": "p"}}`,
      'required',
    );
    assert.match(custom.fixed, /\{"source": "Custom models", "experiment": "e", "checkpoint": ""\}/);
    const empty = applyFirstFix(CONFIG_KINDS.appState, `${base}"input": {}}`, 'required');
    assert.match(empty.fixed, /"input": \{"project": ""\}/);
    // The skeleton is the smallest value of the right shape; filling it in is the user's part.
    assert.deepEqual(
      empty.after.map((finding) => finding.code),
      ['range'],
    );
  });

  it('insert into an empty multi-line JSON object, one level deeper than its brace', () => {
    const text =
      '[\n  {\n    "Model": "a",\n    "meta": {\n      "task_type": "classification",\n      "model_files": {\n      }\n    }\n  }\n]\n';
    const { fixed } = applyFirstFix(CONFIG_KINDS.models, text, 'required');
    assert.match(fixed, /"model_files": \{\n {8}"checkpoint": ""\n {6}\}/);
  });

  it('insert a missing discriminator with the branch the written keys belong to', () => {
    const text =
      '{"input": {"project": "p"}, "train_val_split": {"train_tag": "t", "val_tag": "v"}, "model": {"source": "Pretrained models", "model_name": "m"}}';
    const { fixed, after } = applyFirstFix(CONFIG_KINDS.appState, text, 'required');
    assert.match(fixed, /"val_tag": "v", "method": "tags"\}/);
    assert.deepEqual(after, []);
  });

  it('offer no edit on content reached through a YAML alias', () => {
    const text = '# train-studio: framework=tfjs\nwarmup: &warm\n  steps: 10\nema:\n  <<: *warm\n';
    const findings = validateConfig(parseConfig(CONFIG_KINDS.hyperparameters, text)).findings;
    assert.ok(findings.length > 0);
    assert.ok(findings.every((finding) => finding.fixes.length === 0));
  });
});

describe('inserting a key into YAML', () => {
  function insert(text: string, path: string[], key: string, value: unknown): string {
    const document = parseConfig(CONFIG_KINDS.hyperparameters, text);
    let node = document.root;
    for (const segment of path) {
      node = node?.kind === 'object' ? node.entries.find((entry) => entry.key === segment)?.value : undefined;
    }
    assert.ok(node?.kind === 'object', 'no object there');
    const fix = locateFinding(
      {
        severity: 'error',
        code: 'x',
        start: 0,
        end: 0,
        message: '',
        fixes: [insertKeyFix(document, node, key, value)],
      },
      document.lines,
    ).fixes[0];
    assert.ok(fix);
    const fixed = applyEdits(text, fix.edits);
    assert.equal(parseConfig(CONFIG_KINDS.hyperparameters, fixed).broken, false, fixed);
    return fixed;
  }

  it('at the indentation of the other keys, after a trailing comment, with nested values in block style', () => {
    const text = 'optimizer:\n    type: SGD  # fast\nseed: 1\n';
    assert.equal(
      insert(text, ['optimizer'], 'extra', { a: 1, b: { c: 'two words' } }),
      'optimizer:\n    type: SGD  # fast\n    extra:\n        a: 1\n        b:\n            c: two words\nseed: 1\n',
    );
  });

  it('after a block scalar, and in flow maps', () => {
    assert.equal(
      insert('notes: |\n  line\nseed: 1\n', [], 'epochs', 5),
      'notes: |\n  line\nseed: 1\nepochs: 5\n',
    );
    assert.equal(
      insert('a:\n  text: |\n    x\nb: 1\n', ['a'], 'note', 'yes'),
      'a:\n  text: |\n    x\n  note: "yes"\nb: 1\n',
    );
    assert.equal(
      insert('ema: {enabled: true}\n', ['ema'], 'decay', 0.99),
      'ema: {enabled: true, decay: 0.99}\n',
    );
    assert.equal(insert('ema: {}\n', ['ema'], 'decay', 0.99), 'ema: {decay: 0.99}\n');
  });
});
