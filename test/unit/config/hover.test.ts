import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hoverAt } from '../../../src/core/config';
import type { ConfigKind } from '../../../src/core/names';
import { CONFIG_KINDS } from '../../../src/core/names';
import { withCursor } from './support';

// Hover: the field's description, default and range, on the key or value under the cursor.

function hover(kind: ConfigKind, marked: string) {
  const { document, position } = withCursor(kind, marked);
  return hoverAt(document, position);
}

describe('hover', () => {
  it('on a YAML key: description, default and range, over the key', () => {
    const found = hover(CONFIG_KINDS.hyperparameters, 'epochs: 5\noptimizer:\n  l|r: 0.5\n');
    assert.ok(found);
    assert.match(found.markdown, /^\*\*`lr`\*\*: a number/);
    assert.match(found.markdown, /Peak learning rate/);
    assert.match(found.markdown, /Default: `0\.001`/);
    assert.match(found.markdown, /Range: greater than 0 and at most 10/);
    assert.deepEqual(found.range, { start: { line: 2, character: 2 }, end: { line: 2, character: 4 } });
  });

  it('on a YAML value: the same field, over the value; enums list their values', () => {
    const found = hover(CONFIG_KINDS.hyperparameters, 'optimizer:\n  type: SG|D\n');
    assert.ok(found);
    assert.match(found.markdown, /one of `AdamW`, `SGD`/);
    assert.match(found.markdown, /Default: `AdamW`/);
    assert.deepEqual(found.range, { start: { line: 1, character: 8 }, end: { line: 1, character: 11 } });
  });

  it('on a list item: the item schema, with a multiple-of range', () => {
    const found = hover(CONFIG_KINDS.hyperparameters, 'input_size: 2|24\nlr_scheduler:\n  milestones: [3]\n');
    assert.match(found?.markdown ?? '', /Range: at least 32 and at most 1024, a multiple of 32/);
    const item = hover(CONFIG_KINDS.hyperparameters, 'lr_scheduler:\n  milestones: [|3]\n');
    assert.match(item?.markdown ?? '', /^a whole number\n\nRange: at least 1 and at most 10000$/);
  });

  it('in JSON, inside the branch of a union that the document selects', () => {
    const found = hover(CONFIG_KINDS.appState, '{"train_val_split": {"method": "random", "perc|ent": 70}}');
    assert.ok(found);
    assert.match(found.markdown, /Share of the items/);
    assert.match(found.markdown, /Default: `80` · Range: greater than 0 and less than 100/);
    const tags = hover(
      CONFIG_KINDS.appState,
      '{"train_val_split": {"method": "tags", "untagged_action": "ig|nore"}}',
    );
    assert.match(tags?.markdown ?? '', /^\*\*`untagged_action`\*\*: one of `train`, `val`, `ignore`/);
  });

  it('inside app_state hyperparameters, with the range in the JSON string after escapes', () => {
    const found = hover(CONFIG_KINDS.appState, '{"hyperparameters": "# \\"a\\" \\u00e9\\nepo|chs: 5\\n"}');
    assert.ok(found);
    assert.match(found.markdown, /^\*\*`epochs`\*\*: a whole number/);
    assert.deepEqual(found.range, { start: { line: 0, character: 37 }, end: { line: 0, character: 43 } });
  });

  it('on app_state hyperparameters of another framework: the app_state field itself', () => {
    const found = hover(CONFIG_KINDS.appState, '{"framework": "x", "hyperparameters": "epo|ches: 5\\n"}');
    assert.match(found?.markdown ?? '', /^\*\*`hyperparameters`\*\*: text/);
  });

  it('nothing for unknown keys, another framework’s file, or the whole document', () => {
    assert.equal(
      hover(CONFIG_KINDS.hyperparameters, 'epochs: 5\nbogus_ke|y: 1\nlr_scheduler: {}\n'),
      undefined,
    );
    assert.equal(hover(CONFIG_KINDS.hyperparameters, 'epo|chs: 5\nimgsz: 640\nmosaic: 1.0\n'), undefined);
    assert.equal(hover(CONFIG_KINDS.models, '[|]'), undefined);
  });
});
