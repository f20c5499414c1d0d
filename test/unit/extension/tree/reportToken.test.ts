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
// names the report and the page is there. The command opens the page in the OS's default app, so whatever
// else experiment_info names (a script, a file outside the run) is never offered or opened.

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

  // Each named file exists (and so does the real page): only the name keeps them from being opened.
  const elsewhere = [
    { named: '../../evil.sh', file: '../../evil.sh' },
    { named: 'evaluation/other.html', file: 'evaluation/other.html' },
    { named: 'evaluation/../evaluation/report.sh', file: 'evaluation/report.sh' },
    { named: 'run.sh', file: 'run.sh' },
  ];
  for (const { named, file } of elsewhere) {
    it(`does not mark, nor give a path for, a run whose info names ${named}`, () => {
      const experimentsDir = path.join(root, `elsewhere-${named.replace(/[^a-z]/g, '-')}`, 'experiments');
      const dir = writeRun(experimentsDir, 'cats', '1_tfjs', {
        info: infoOf({ evaluation_report: named }),
        files: { [file]: '#!/bin/sh\necho owned\n', [REPORT]: '<!DOCTYPE html>' },
      });
      assert.ok(fs.existsSync(path.resolve(dir, named)), 'precondition: the named file is there');
      assert.deepEqual(tokensOf(experimentsDir), ['run', 'status-completed']);
      assert.equal(evaluationReportOf(dir, readExperimentInfo(dir)), undefined);
    });
  }

  it('does not mark, nor give a path for, a run whose info names an absolute file (/etc/passwd)', () => {
    const experimentsDir = path.join(root, 'absolute', 'experiments');
    const absolute = path.join(root, 'absolute', 'passwd');
    fs.mkdirSync(path.dirname(absolute), { recursive: true });
    fs.writeFileSync(absolute, 'root:x:0:0');
    for (const named of ['/etc/passwd', absolute]) {
      const dir = writeRun(experimentsDir, 'cats', '1_tfjs', {
        info: infoOf({ evaluation_report: named }),
        files: { [REPORT]: '<!DOCTYPE html>' },
      });
      assert.deepEqual(tokensOf(experimentsDir), ['run', 'status-completed'], named);
      assert.equal(evaluationReportOf(dir, readExperimentInfo(dir)), undefined, named);
    }
  });

  it('does not mark, nor give a path for, a report that is a link to another file', () => {
    const experimentsDir = path.join(root, 'link', 'experiments');
    const dir = writeRun(experimentsDir, 'cats', '1_tfjs', {
      info: infoOf({ evaluation_report: REPORT }),
      files: { 'evil.sh': '#!/bin/sh\necho owned\n' },
    });
    fs.mkdirSync(path.join(dir, 'evaluation'));
    fs.symlinkSync(path.join(dir, 'evil.sh'), path.join(dir, REPORT));
    assert.deepEqual(tokensOf(experimentsDir), ['run', 'status-completed']);
    assert.equal(evaluationReportOf(dir, readExperimentInfo(dir)), undefined);
  });

  it('has no report for a folder without a readable experiment_info.json', () => {
    assert.equal(evaluationReportOf(path.join(root, 'nowhere'), undefined), undefined);
  });
});
