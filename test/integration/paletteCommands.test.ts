import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { GpuEnvironmentReport } from '../../src/core/gpuEnvironment';
import { readDataset } from '../../src/data/readers';
import { COMMANDS, SETTINGS } from '../../src/extension/ids';
import { readExperimentInfo } from '../../src/trainapp/experiments';
import { EVALUATION_FILES, EXPERIMENT_FOLDERS } from '../../src/trainapp/experiments/layout';
import { trainStudio, waitFor } from './host';
import { recordMessages } from './messages';
import { FIXTURE } from './workspaceFixture';

// The palette commands in the real extension host, driven with the arguments the tree (or a caller) passes,
// since a QuickPick cannot be clicked from here. The trainer, the converter and the evaluation are the real
// CLI in child processes.

const root = (): string => {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the test workspace has no folder');
  return folder.uri.fsPath;
};

const diagnosticsOf = (file: string) => vscode.languages.getDiagnostics(vscode.Uri.file(file));

/** Trains the workspace's quick app_state with the CLI, as a terminal would; returns the experiment folder. */
function trainWithCli(): Promise<string> {
  const cli = path.join(trainStudio().extensionPath, 'dist', 'cli.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'train', '--app-state', FIXTURE.appState], { cwd: root() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const dir = /^Experiment: (.+)$/m.exec(stdout)?.[1];
      if (code === 0 && dir) resolve(dir.trim());
      else reject(new Error(`train exited with ${String(code)}:\n${stderr}`));
    });
  });
}

describe('palette commands', () => {
  before(async () => {
    await trainStudio().activate();
  });

  it('Validate Configs puts the problems of a file that is not open into the Problems view', async () => {
    const broken = path.join(root(), 'configs', 'hyperparameters.yaml');
    fs.mkdirSync(path.dirname(broken), { recursive: true });
    fs.writeFileSync(broken, 'epochs: 3\nbatch_sise: 4\n');
    assert.ok(!vscode.workspace.textDocuments.some((document) => document.uri.fsPath === broken));
    const summary = await vscode.commands.executeCommand<{ files: number; problems: number } | undefined>(
      COMMANDS.validateConfigs,
    );
    assert.ok(summary, 'Validate Configs returned no summary');
    assert.ok(summary.files >= 2, `checked ${String(summary.files)} files`);
    assert.ok(summary.problems >= 1);
    const problems = diagnosticsOf(broken);
    assert.ok(
      problems.some(
        (problem) => problem.message.includes('batch_sise') && problem.message.includes('batch_size'),
      ),
      `no "did you mean batch_size" among: ${problems.map((problem) => problem.message).join(' | ')}`,
    );
    const [first] = problems;
    assert.equal(first?.source, 'Train Studio');
    assert.equal(first.range.start.line, 1);
    const fine = diagnosticsOf(path.join(root(), FIXTURE.appState));
    assert.deepEqual(
      fine.filter((problem) => problem.severity === vscode.DiagnosticSeverity.Error),
      [],
    );
    // Changed on disk while not open, it is checked again. VS Code's watcher adds the folder made a moment
    // ago in its own time and misses a change before that, so the change is made again until it is seen.
    const movedProblemSeen = () => diagnosticsOf(broken).some((problem) => problem.range.start.line === 2);
    for (let attempt = 0; attempt < 5 && !movedProblemSeen(); attempt += 1) {
      fs.writeFileSync(
        broken,
        `epochs: 3\nbatch_size: 4\nbatch_sise: 4\nlr_warmup: ${String(2 + attempt)}\n`,
      );
      await waitFor(
        movedProblemSeen,
        'the problem on its new line after the file changed on disk',
        3000,
      ).catch(() => undefined);
    }
    assert.ok(movedProblemSeen(), 'the problem on its new line after the file changed on disk');
    // Opened, the file is the editor's to check: its problems are not listed twice.
    await vscode.window.showTextDocument(vscode.Uri.file(broken));
    await waitFor(
      () => diagnosticsOf(broken).filter((problem) => problem.message.includes('batch_sise')).length === 1,
      'one "batch_sise" problem once the file is open',
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Convert Dataset converts the Supervisely project to COCO through the CLI, into a new folder', async () => {
    const project = path.join(root(), FIXTURE.supervisely, 'supervisely');
    const out = path.join(root(), 'data', 'objects_coco');
    const converted = await vscode.commands.executeCommand(COMMANDS.convertDataset, {
      project: path.relative(root(), project),
      to: 'coco',
      out: path.relative(root(), out),
    });
    assert.equal(converted, out, 'Convert Dataset did not convert (the Train Studio output says why)');
    const source = readDataset(project);
    const copy = readDataset(out);
    assert.equal(copy.format, 'coco');
    assert.equal(copy.items.length, source.items.length);
    // A second conversion into the same folder is refused: the folder must be new.
    assert.equal(
      await vscode.commands.executeCommand(COMMANDS.convertDataset, { project, to: 'coco', out }),
      undefined,
    );
  });

  it('Evaluate Checkpoint, from a checkpoint item of the tree, evaluates that checkpoint with the CLI', async () => {
    const experiment = await trainWithCli();
    assert.equal(readExperimentInfo(experiment).evaluation_checkpoint, 'best.json');
    const metricsFile = path.join(experiment, EXPERIMENT_FOLDERS.evaluation, EVALUATION_FILES.metrics);
    fs.rmSync(metricsFile);
    const metrics = await vscode.commands.executeCommand<Record<string, number> | undefined>(
      COMMANDS.evaluate,
      {
        experimentDir: experiment,
        checkpointFile: path.join(experiment, EXPERIMENT_FOLDERS.checkpoints, 'last.json'),
      },
    );
    assert.ok(metrics, 'Evaluate Checkpoint returned no metrics (the Train Studio output says why)');
    assert.equal(typeof metrics.accuracy, 'number');
    const info = readExperimentInfo(experiment);
    assert.equal(info.evaluation_checkpoint, 'last.json');
    assert.deepEqual(info.evaluation_metrics, metrics);
    const written = JSON.parse(fs.readFileSync(metricsFile, 'utf8')) as { checkpoint: string };
    assert.equal(written.checkpoint, 'last.json');
  });

  it('Evaluate Checkpoint on a folder that is no experiment evaluates nothing, resolves, and says what to do', async () => {
    const notAnExperiment = path.join(root(), 'data');
    const messages = recordMessages();
    try {
      const result = await vscode.commands.executeCommand(COMMANDS.evaluate, {
        experimentDir: notAnExperiment,
      });
      assert.equal(result, undefined);
      assert.ok(!fs.existsSync(path.join(notAnExperiment, EXPERIMENT_FOLDERS.evaluation)));
      // The trainapp's ExperimentFolderError carries a hint: shown as message and hint, not as our failure.
      const expected = `${path.join(notAnExperiment, 'experiment_info.json')} does not exist. A run writes it as it starts`;
      await waitFor(
        () => messages.shown.some((text) => text.startsWith(expected)),
        `"${expected}…" (shown: ${JSON.stringify(messages.shown)})`,
      );
      assert.ok(!messages.shown.some((text) => text.includes('The output has the details')));
    } finally {
      messages.dispose();
    }
  });

  it('Check GPU Environment with a Node that cannot run the trainer offers to open the setting', async () => {
    const window = vscode.window as unknown as { showErrorMessage: (...args: unknown[]) => unknown };
    const original = window.showErrorMessage;
    const errors: unknown[][] = [];
    window.showErrorMessage = (...args) => {
      errors.push(args);
      return original.apply(vscode.window, args);
    };
    const settings = vscode.workspace.getConfiguration(SETTINGS.section);
    await settings.update(
      SETTINGS.nodePath,
      path.join(root(), 'no-such-node'),
      vscode.ConfigurationTarget.Workspace,
    );
    try {
      assert.equal(await vscode.commands.executeCommand(COMMANDS.checkGpu), undefined);
      await waitFor(
        () => errors.some(([text]) => String(text).startsWith('Train Studio cannot start the trainer with')),
        `the Node problem (shown: ${JSON.stringify(errors)})`,
      );
      const [shown] = errors.filter(([text]) => String(text).startsWith('Train Studio cannot start'));
      assert.ok(shown?.includes('Open Settings'), `actions: ${JSON.stringify(shown?.slice(1))}`);
    } finally {
      window.showErrorMessage = original;
      await settings.update(SETTINGS.nodePath, undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('Check GPU Environment runs doctor --json and returns the report it checked', async () => {
    const report = await vscode.commands.executeCommand(COMMANDS.checkGpu);
    assert.ok(report, 'Check GPU Environment returned no report (the Train Studio output says why)');
    const parsed = GpuEnvironmentReport.parse(report);
    assert.ok(
      parsed.backends.some((backend) => backend.loads),
      'some backend loads, if only the CPU one',
    );
  });
});
