import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ExperimentInfo } from '../../../src/core/schemas';
import { compareExperiments, formatComparison, writeExperimentInfo } from '../../../src/trainapp/experiments';
import { runCliInProcess } from '../../cliInProcess';

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-compare-cli-'));
after(() => {
  fs.rmSync(workspace, { recursive: true, force: true });
});

function experiment(run: number, accuracy: number): string {
  const relative = path.join('experiments', 'shapes', `${String(run)}_tfjs`);
  writeExperimentInfo(
    path.join(workspace, relative),
    ExperimentInfo.parse({
      experiment_name: `run ${String(run)}`,
      framework_name: 'tfjs',
      model_name: 'Classifier-S',
      task_type: 'classification',
      project: 'shapes',
      status: 'completed',
      evaluation_metrics: { accuracy, f1: accuracy - 0.1 },
    }),
  );
  return relative;
}

const a = experiment(1, 0.5);
const b = experiment(2, 0.75);
const absolute = (relative: string) => path.join(workspace, relative);

describe('train-studio compare', () => {
  it('prints the Markdown table of the experiments named, relative to the working directory', async () => {
    const { code, out, err } = await runCliInProcess(['compare', a, b], workspace);
    assert.equal(err, '');
    assert.equal(code, 0);
    assert.equal(out, formatComparison(compareExperiments([absolute(a), absolute(b)])));
    assert.match(out, /^\| accuracy +\| +0\.5000 \| +\*\*0\.7500\*\* \|$/m);
  });

  it('prints the table as JSON with --json', async () => {
    const { code, out } = await runCliInProcess(['compare', '--json', a, b], workspace);
    assert.equal(code, 0);
    const table = JSON.parse(out) as { metrics: string[]; best: Record<string, string> };
    assert.deepEqual(table.metrics, ['accuracy', 'f1']);
    assert.deepEqual(table.best, { accuracy: absolute(b), f1: absolute(b) });
  });

  it('names a folder that is not an experiment, with what to do, and exits 1', async () => {
    const { code, out, err } = await runCliInProcess(['compare', a, 'experiments/shapes'], workspace);
    assert.equal(code, 1);
    assert.equal(out, '');
    const file = path.join(workspace, 'experiments', 'shapes', 'experiment_info.json');
    assert.equal(err.split('\n')[0], `train-studio compare: ${file} does not exist.`);
    assert.match(err.split('\n')[1] ?? '', /^ {2}A run writes it as it starts/);
  });

  it('is a usage error (exit 2) without a folder or with an unknown option', async () => {
    for (const argv of [['compare'], ['compare', a, '--csv']]) {
      const { code, err } = await runCliInProcess(argv, workspace);
      assert.equal(code, 2, argv.join(' '));
      assert.match(err, /\nUsage: train-studio compare <experiment dir>\.\.\. \[--json\]$/);
    }
  });

  it('prints its usage with --help, and is listed in the help', async () => {
    assert.equal(
      (await runCliInProcess(['compare', '--help'])).out,
      'Usage: train-studio compare <experiment dir>... [--json]',
    );
    assert.match(
      (await runCliInProcess(['--help'])).out,
      /^ {2}compare +Show experiments' evaluation metrics/m,
    );
  });
});
