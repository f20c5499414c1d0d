import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/extension/ids';
import { readExperimentInfo } from '../../src/trainapp/experiments';
import { CLI, workspaceFolder } from './debugSupport';
import { trainStudio, waitFor } from './host';
import { recordMessages } from './messages';
import { FIXTURE } from './workspaceFixture';

// Export Model in the real extension host, on a run the CLI trained, as a terminal would have: the command
// runs `train-studio export` as a child process, and the user is told what was written, or why not.

const run = promisify(execFile);

/** Whether TensorRT is installed here (no test machine has it); not asked of trainapp, which loads tfjs. */
const hasTrtexec = () =>
  [...(process.env.PATH ?? '').split(path.delimiter), '/usr/src/tensorrt/bin'].some(
    (folder) => folder !== '' && fs.existsSync(path.join(folder, 'trtexec')),
  );

describe('Export Model', () => {
  let experiment: string;
  before(async function () {
    this.timeout(120_000);
    await trainStudio().activate();
    const { stdout } = await run(process.execPath, [CLI, 'train', '--app-state', FIXTURE.appState], {
      cwd: workspaceFolder().uri.fsPath,
    });
    experiment =
      /^Experiment: (.+)$/m.exec(stdout)?.[1]?.trim() ?? assert.fail(`no experiment in:\n${stdout}`);
  });
  after(() => {
    fs.rmSync(experiment, { recursive: true, force: true });
  });

  it('exports a finished run to ONNX, and tells where and how close it is to tfjs', async function () {
    this.timeout(120_000);
    const messages = recordMessages();
    try {
      const file = await vscode.commands.executeCommand<string | undefined>(COMMANDS.exportModel, {
        experimentDir: experiment,
        format: 'onnx',
      });
      assert.equal(file, path.join(experiment, 'export', 'best.onnx'));
      assert.ok(fs.statSync(file).size > 0);
      assert.ok(fs.existsSync(path.join(experiment, 'export', 'classes.json')));
      assert.equal(readExperimentInfo(experiment).export.ONNXRuntime, 'export/best.onnx');
      const told =
        /^Exported .+ \(best\.json\) to ONNX: export\/best\.onnx\. ONNX Runtime matches tfjs within \d\.\de-\d+ on \d+ image\(s\)\.$/;
      await waitFor(
        () => messages.shown.some((text) => told.test(text)),
        `the export's message (shown: ${JSON.stringify(messages.shown)})`,
      );
    } finally {
      messages.dispose();
    }
  });

  it('says why there is no TensorRT engine when trtexec is not on PATH, and writes nothing', async function () {
    if (hasTrtexec()) this.skip();
    this.timeout(120_000);
    const before = readExperimentInfo(experiment);
    const messages = recordMessages();
    try {
      const file = await vscode.commands.executeCommand<string | undefined>(COMMANDS.exportModel, {
        experimentDir: experiment,
        format: 'tensorrt',
      });
      assert.equal(file, undefined);
      await waitFor(
        () =>
          messages.shown.some((text) => text.startsWith('Not exported to TensorRT: trtexec is not on PATH')),
        `the reason (shown: ${JSON.stringify(messages.shown)})`,
      );
      assert.ok(!fs.existsSync(path.join(experiment, 'export', 'best.engine')));
      assert.deepEqual(readExperimentInfo(experiment), before);
    } finally {
      messages.dispose();
    }
  });
});
