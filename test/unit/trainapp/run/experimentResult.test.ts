import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { adoptResultFiles, checkResult } from '../../../../src/trainapp/run/experimentResult';
import { RunError } from '../../../../src/trainapp/runError';

// What a framework returns is checked field by field, and every file it names ends up inside the
// experiment folder, whatever the framework did with its paths.

let root: string;
let experimentDir: string;
let outside: string;

before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-result-'));
  experimentDir = path.join(root, 'experiments/p/1_x');
  outside = path.join(root, 'elsewhere');
  for (const folder of ['checkpoints', '.work'])
    fs.mkdirSync(path.join(experimentDir, folder), { recursive: true });
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(experimentDir, 'checkpoints/best.pt'), 'b');
  fs.writeFileSync(path.join(experimentDir, '.work/last.pt'), 'l');
  fs.writeFileSync(path.join(outside, 'epoch_1.pt'), 'e');
  fs.writeFileSync(path.join(outside, 'config.yaml'), 'c');
});
after(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

const valid = () => ({
  model_name: 'M',
  checkpoints: [
    'checkpoints/best.pt',
    path.join(experimentDir, '.work/last.pt'),
    path.join(outside, 'epoch_1.pt'),
  ],
  best_checkpoint: 'best.pt',
  model_files: { config: path.join(outside, 'config.yaml') },
});

function problemOf(result: unknown) {
  try {
    checkResult(result, experimentDir);
  } catch (error) {
    assert.ok(error instanceof RunError, String(error));
    return error.problem;
  }
  assert.fail('the result was accepted');
}

describe('checkResult', () => {
  it('names each missing or wrong field', () => {
    const withoutName = { ...valid(), model_name: undefined };
    const cases: [unknown, RegExp, string][] = [
      [withoutName, /model_name is missing/, 'result.model_name'],
      [{ ...valid(), checkpoints: [] }, /checkpoints is wrong/, 'result.checkpoints'],
      [
        { ...valid(), checkpoints: ['checkpoints/nope.pt'] },
        /checkpoints\[0\] is not a file/,
        'result.checkpoints[0]',
      ],
      [
        { ...valid(), checkpoints: 'no-such-folder' },
        /neither a list nor an existing folder/,
        'result.checkpoints',
      ],
      [
        { ...valid(), best_checkpoint: 'other.pt' },
        /'other.pt' is not among the checkpoints/,
        'result.best_checkpoint',
      ],
      [
        { ...valid(), model_files: { config: 'gone.yaml' } },
        /model_files.config is not a file/,
        'result.model_files.config',
      ],
      ['not an object', /whole result/, 'result.(the whole result)'],
    ];
    for (const [result, message, field] of cases) {
      const problem = problemOf(result);
      assert.match(problem.message, message);
      assert.equal(problem.field, field);
      assert.match(problem.hint, /start\(\)/);
    }
  });

  it('lists a checkpoint folder as its files, hidden ones left out', () => {
    fs.writeFileSync(path.join(experimentDir, 'checkpoints/.partial'), '');
    const checked = checkResult({ ...valid(), checkpoints: 'checkpoints' }, experimentDir);
    assert.deepEqual(checked.checkpoints, [path.join(experimentDir, 'checkpoints/best.pt')]);
  });
});

describe('adoptResultFiles', () => {
  it('copies in what lies outside the folder or in its work folder, and lists every path relative to it', () => {
    const adopted = adoptResultFiles(checkResult(valid(), experimentDir), experimentDir);
    assert.deepEqual(adopted.checkpoints, [
      'checkpoints/best.pt',
      'checkpoints/last.pt',
      'checkpoints/epoch_1.pt',
    ]);
    assert.deepEqual(adopted.model_files, { config: 'model_files/config.yaml' });
    for (const file of [...adopted.checkpoints, ...Object.values(adopted.model_files)]) {
      assert.ok(fs.existsSync(path.join(experimentDir, file)), file);
    }
    assert.ok(fs.existsSync(path.join(outside, 'epoch_1.pt')), 'the original stays where it was');
  });
});
