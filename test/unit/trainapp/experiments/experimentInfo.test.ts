import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ExperimentInfo } from '../../../../src/core/schemas';
import {
  ExperimentFolderError,
  readExperimentInfo,
  relativeToExperiment,
  updateExperimentInfo,
  writeExperimentInfo,
} from '../../../../src/trainapp/experiments';
import { RunError } from '../../../../src/trainapp/runError';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-experiment-info-'));
after(() => {
  fs.rmSync(root, { recursive: true, force: true });
});
let folders = 0;
function freshExperiment(): string {
  const dir = path.join(root, String(++folders), '1_tfjs');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

const minimalInfo = {
  experiment_name: '1_tfjs',
  framework_name: 'tfjs',
  model_name: 'resnet18',
  task_type: 'classification',
  project: 'cats',
  status: 'running',
} as const;

const info = ExperimentInfo.parse(minimalInfo);
const infoFile = (dir: string) => path.join(dir, 'experiment_info.json');

/** The problem readExperimentInfo reports for a folder. */
function problemOf(dir: string): ExperimentFolderError {
  try {
    readExperimentInfo(dir);
  } catch (error) {
    if (error instanceof ExperimentFolderError) return error;
    throw error;
  }
  return assert.fail('no error');
}

describe('writeExperimentInfo and readExperimentInfo', () => {
  it('write pretty JSON with a final newline and read back the same info', () => {
    const dir = freshExperiment();
    writeExperimentInfo(dir, info);
    assert.equal(fs.readFileSync(infoFile(dir), 'utf8'), `${JSON.stringify(info, null, 2)}\n`);
    assert.deepEqual(readExperimentInfo(dir), info);
    assert.deepEqual(fs.readdirSync(dir), ['experiment_info.json'], 'no temporary file left');
  });

  it('fill defaults and keep fields a newer version added', () => {
    const dir = freshExperiment();
    fs.writeFileSync(infoFile(dir), JSON.stringify({ ...minimalInfo, future_field: [1] }));
    const read = readExperimentInfo(dir);
    assert.deepEqual(read.checkpoints, []);
    assert.equal((read as Record<string, unknown>).future_field?.toString(), '1');
  });

  it('refuse to write an invalid info, leaving the file as it was', () => {
    const dir = freshExperiment();
    writeExperimentInfo(dir, info);
    const before = fs.readFileSync(infoFile(dir), 'utf8');
    assert.throws(() => {
      writeExperimentInfo(dir, { ...info, best_checkpoint: 'best.json' });
    }, /invalid .*experiment_info\.json: best_checkpoint: best_checkpoint 'best.json' is not among the checkpoints/);
    assert.equal(fs.readFileSync(infoFile(dir), 'utf8'), before);
  });
});

describe('readExperimentInfo problems', () => {
  it('a folder that does not exist', () => {
    const dir = path.join(root, 'nowhere', '1_tfjs');
    const problem = problemOf(dir);
    assert.equal(problem.message, `There is no experiment folder ${dir}.`);
    assert.equal(problem.file, infoFile(dir));
    assert.ok(problem instanceof RunError, 'a RunError, which every run reports cleanly');
    assert.match(problem.problem.hint, /experiments\/<project>\/<run id>_<framework>/);
  });

  it('a folder without the file', () => {
    const dir = freshExperiment();
    assert.equal(problemOf(dir).message, `${infoFile(dir)} does not exist.`);
  });

  it('a file that cannot be read', () => {
    const dir = freshExperiment();
    fs.mkdirSync(infoFile(dir));
    assert.equal(problemOf(dir).message, `Cannot read ${infoFile(dir)}: it is a folder, not a file.`);
  });

  it('invalid JSON, with the line and column of the mistake', () => {
    const dir = freshExperiment();
    fs.writeFileSync(infoFile(dir), '{\n  "experiment_name": "x",\n  "status" "running"\n}\n');
    const problem = problemOf(dir);
    assert.equal(
      problem.message,
      `${infoFile(dir)}:3:12: not valid JSON: expected ':' after the property name, found \`running\`.`,
    );
    assert.match(problem.hint, /Fix the JSON/);
  });

  it('a file cut short', () => {
    const dir = freshExperiment();
    fs.writeFileSync(infoFile(dir), '{"experiment_name": "x",');
    assert.match(problemOf(dir).message, /:1:25: not valid JSON: the file ends too early/);
  });

  it('schema errors, naming the field', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...minimalInfo, task_type: 'regression' }, 'task_type'],
      [{ ...minimalInfo, checkpoints: ['checkpoints/a.json', 3] }, 'checkpoints.1'],
      [{ ...minimalInfo, export: { ONNXRuntime: '' } }, 'export.ONNXRuntime'],
      [{ ...minimalInfo, best_checkpoint: 'best.json' }, 'best_checkpoint'],
      [{ ...minimalInfo, project: undefined }, 'project'],
    ];
    for (const [value, field] of cases) {
      const dir = freshExperiment();
      fs.writeFileSync(infoFile(dir), JSON.stringify(value));
      const problem = problemOf(dir);
      assert.equal(problem.problem.field, field);
      assert.ok(problem.message.startsWith(`${infoFile(dir)}: \`${field}\`: `), problem.message);
      assert.match(problem.hint, new RegExp(`Correct \`${field.replace('.', '\\.')}\``));
    }
  });

  it('a file that is not an object', () => {
    const dir = freshExperiment();
    fs.writeFileSync(infoFile(dir), '[]');
    const problem = problemOf(dir);
    assert.match(problem.message, /experiment_info\.json: the file: /);
    assert.equal(problem.problem.field, undefined);
  });
});

describe('updateExperimentInfo', () => {
  it('reads, changes and writes, returning the new info', () => {
    const dir = freshExperiment();
    writeExperimentInfo(dir, info);
    const changed = updateExperimentInfo(dir, (current) => ({ ...current, status: 'completed', epochs: 3 }));
    assert.equal(changed.status, 'completed');
    assert.deepEqual(readExperimentInfo(dir), changed);
  });

  it('leaves the file alone when the change is invalid or the file is broken', () => {
    const dir = freshExperiment();
    writeExperimentInfo(dir, info);
    assert.throws(() => updateExperimentInfo(dir, (current) => ({ ...current, epochs: -1 })), /epochs/);
    assert.deepEqual(readExperimentInfo(dir), info);
    fs.writeFileSync(infoFile(dir), '{');
    assert.throws(() => updateExperimentInfo(dir, (current) => current), ExperimentFolderError);
    assert.equal(fs.readFileSync(infoFile(dir), 'utf8'), '{');
  });
});

describe('relativeToExperiment', () => {
  it('gives a path inside the folder with forward slashes, and refuses one outside', () => {
    const dir = path.join(root, 'x', '1_tfjs');
    assert.equal(
      relativeToExperiment(dir, path.join(dir, 'checkpoints', 'best.json')),
      'checkpoints/best.json',
    );
    assert.throws(() => relativeToExperiment(dir, path.join(dir, '..', 'other')), /not inside/);
    assert.throws(() => relativeToExperiment(dir, dir), /not inside/);
  });
});
