import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { TREE_CONTEXT } from '../../../../src/extension/ids';
import { buildTree } from '../../../../src/extension/workbench/tree/nodes';
import { viewOf } from '../../../../src/extension/workbench/tree/nodeView';
import { evaluationReportOf } from '../../../../src/extension/workbench/tree/runFiles';
import { readExperimentInfo } from '../../../../src/trainapp/experiments';
import { infoOf, temporaryFolder, writeRun } from './experimentFolders';

// The `has-report` token, which offers Open Evaluation Report on a run: only when experiment_info.json
// names a report and the page is there.

const root = temporaryFolder('tree-report');
after(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

const REPORT = 'evaluation/report.html';

function tokensOf(experimentsDir: string): string[] {
  const [run] = buildTree([{ name: 'ws', experimentsDir }]).runs.values();
  assert.ok(run, 'one run');
  return (viewOf(run, () => ({})).contextValue ?? '').split(' ');
}

describe('the tree token of a run with an evaluation report', () => {
  const cases = [
    { name: 'named and there', info: { evaluation_report: REPORT }, page: true, token: true },
    { name: 'named but gone', info: { evaluation_report: REPORT }, page: false, token: false },
    {
      name: 'there but not named (an older run, or a report being rewritten)',
      info: {},
      page: true,
      token: false,
    },
  ] as const;

  for (const { name, info, page, token } of cases) {
    it(`${token ? 'marks' : 'does not mark'} a run whose report is ${name}`, () => {
      const experimentsDir = path.join(root, name.split(' ').join('-'), 'experiments');
      const dir = writeRun(experimentsDir, 'cats', '1_tfjs', {
        info: infoOf(info),
        files: page ? { [REPORT]: '<!DOCTYPE html>' } : {},
      });
      assert.deepEqual(tokensOf(experimentsDir), [
        'run',
        'status-completed',
        ...(token ? [TREE_CONTEXT.hasReport] : []),
      ]);
      assert.equal(
        evaluationReportOf(dir, readExperimentInfo(dir)),
        token ? path.join(dir, 'evaluation', 'report.html') : undefined,
      );
    });
  }

  it('has no report for a folder without a readable experiment_info.json', () => {
    assert.equal(evaluationReportOf(path.join(root, 'nowhere'), undefined), undefined);
  });
});
