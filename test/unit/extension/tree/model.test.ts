import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { INITIAL_PROGRESS } from '../../../../src/core/runProgress';
import type { RunProgress } from '../../../../src/core/runProgress';
import { NO_INFO_YET } from '../../../../src/trainapp/experiments';
import { buildTree, childrenOf } from '../../../../src/extension/workbench/tree/nodes';
import type { RunNode, TreeNode } from '../../../../src/extension/workbench/tree/nodes';
import { viewOf } from '../../../../src/extension/workbench/tree/nodeView';
import type { NodeView } from '../../../../src/extension/workbench/tree/nodeView';
import type { RunLiveness } from '../../../../src/extension/workbench/tree/runView';
import { treeTargetsOf } from '../../../../src/extension/workbench/treeTarget';
import { deadPid, infoOf, metricsLine, temporaryFolder, writeRun } from './experimentFolders';

const root = temporaryFolder('tree-model');
after(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  assert.ok(item !== undefined, `no item ${String(index)} among ${String(items.length)}`);
  return item;
}

const notLive = (): RunLiveness => ({});
const view = (node: TreeNode, liveness: (dir: string) => RunLiveness = notLive): NodeView =>
  viewOf(node, liveness);
function plainTooltip(node: TreeNode): string {
  const { tooltip } = view(node);
  assert.ok(typeof tooltip === 'string', 'a plain-text tooltip');
  return tooltip;
}
const tokens = (node: TreeNode) => (view(node).contextValue ?? '').split(' ');
const labels = (nodes: readonly TreeNode[]) => nodes.map((node) => view(node).label);

function onlyRun(experimentsDir: string): RunNode {
  const tree = buildTree([{ name: 'ws', experimentsDir }]);
  assert.equal(tree.runs.size, 1);
  const [run] = tree.runs.values();
  assert.ok(run);
  return run;
}

function child(node: TreeNode, label: string): TreeNode {
  const found = childrenOf(node).find((candidate) => view(candidate).label === label);
  assert.ok(found, `${view(node).label} has no child ${label}: ${labels(childrenOf(node)).join(', ')}`);
  return found;
}

const CHECKPOINT_FILES = {
  'checkpoints/best.json': '{}',
  'checkpoints/best.1234.bin': '',
  'checkpoints/last.json': '{}',
  'checkpoints/last.5678.bin': '',
  'checkpoints/epoch_10.json': '{}',
  'checkpoints/epoch_2.json': '{}',
};

describe('experiment tree model', () => {
  it('shows a completed run: pass icon, key metric, tooltip, tokens, and its groups', () => {
    const experimentsDir = path.join(root, 'completed', 'experiments');
    const dir = writeRun(experimentsDir, 'cats', '3_tfjs', {
      info: infoOf({
        experiment_name: 'cats-run',
        status: 'completed',
        checkpoints: ['checkpoints/best.json', 'checkpoints/last.json'],
        best_checkpoint: 'best.json',
        evaluation_checkpoint: 'best.json',
        evaluation_metrics: { precision: 0.5, accuracy: 0.875 },
        epochs: 12,
        export: { ONNXRuntime: 'export/model.onnx', TensorRT: 'export/model.engine' },
        finalize_steps: { evaluate: { status: 'done', time: '2026-01-02T10:05:30.000Z' } },
      }),
      files: {
        ...CHECKPOINT_FILES,
        'export/model.onnx': 'onnx',
        'app_state.json': '{}',
        'hyperparameters.yaml': 'epochs: 12\n',
        'model_meta.json': '{}',
        'logs/train.log': 'log\n',
        'logs/events.jsonl': '',
        'logs/metrics.jsonl': metricsLine(12, { val_accuracy: 0.8 }),
        'logs/events.out.tfevents.1767348000.host.42.1': '',
        'evaluation/metrics.json': '{}',
        'evaluation/confusion_matrix.json': '{}',
      },
    });
    const run = onlyRun(experimentsDir);
    const runView = view(run);
    assert.equal(runView.label, '3_tfjs · cats-run');
    assert.equal(runView.description, 'accuracy 0.8750');
    assert.deepEqual(runView.icon, { id: 'pass', color: 'testing.iconPassed' });
    assert.equal(runView.collapsible, 'collapsed');
    assert.deepEqual(tokens(run), ['run', 'status-completed', 'rerunnable', 'has-checkpoints']);
    assert.equal(run.experimentDir, dir);

    const tooltip = runView.tooltip;
    assert.ok(tooltip !== undefined && typeof tooltip !== 'string');
    assert.deepEqual(Object.fromEntries(tooltip.fields), {
      Status: 'completed',
      Model: 'Classifier-S',
      Framework: 'tfjs',
      Task: 'classification',
      'Data version': 'a1b2c3d4e5f6',
      Started: new Date('2026-01-02T10:00:00.000Z').toLocaleString(),
      Epochs: '12',
      Duration: '5:30',
      'Key metric': 'accuracy 0.8750',
      Folder: dir,
    });
    assert.deepEqual(tooltip.notes, []);

    assert.deepEqual(labels(childrenOf(run)), ['Checkpoints', 'Exports', 'Logs', 'Files']);
    const checkpoints = childrenOf(child(run, 'Checkpoints'));
    assert.deepEqual(
      checkpoints.map((node) => [view(node).label, view(node).description, view(node).contextValue]),
      [
        ['best.json', 'best · accuracy 0.8750', 'checkpoint best'],
        ['last.json', 'last', 'checkpoint last'],
        ['epoch_10.json', undefined, 'checkpoint'],
        ['epoch_2.json', undefined, 'checkpoint'],
      ],
    );
    assert.deepEqual(view(at(checkpoints, 0)).icon, { id: 'star-full', color: 'charts.yellow' });
    assert.equal(view(at(checkpoints, 0)).click, 'open', 'a click opens the JSON sidecar');
    assert.deepEqual(
      treeTargetsOf(undefined, checkpoints).map(({ experimentDir, checkpointFile }) => ({
        experimentDir,
        checkpointFile,
      })),
      ['best.json', 'last.json', 'epoch_10.json', 'epoch_2.json'].map((name) => ({
        experimentDir: dir,
        checkpointFile: path.join(dir, 'checkpoints', name),
      })),
      'checkpoint items carry what fine-tune, evaluate and export read',
    );

    const exports = childrenOf(child(run, 'Exports')).map((node) => view(node));
    assert.deepEqual(
      exports.map((item) => [item.label, item.description, item.contextValue, item.icon?.id]),
      [
        ['export/model.onnx', 'ONNXRuntime', 'export', undefined],
        ['export/model.engine', 'TensorRT · missing', 'export', 'warning'],
      ],
    );

    const logs = childrenOf(child(run, 'Logs')).map((node) => view(node));
    assert.deepEqual(
      logs.map((item) => [item.label, item.description, item.click]),
      [
        ['train.log', undefined, 'open'],
        ['metrics.jsonl', undefined, 'open'],
        ['events.jsonl', undefined, 'open'],
        ['events.out.tfevents.1767348000.host.42.1', 'TensorBoard', 'reveal'],
      ],
    );
    const files = childrenOf(child(run, 'Files'));
    assert.deepEqual(labels(files), [
      'experiment_info.json',
      'app_state.json',
      'hyperparameters.yaml',
      'model_meta.json',
      'evaluation/confusion_matrix.json',
      'evaluation/metrics.json',
    ]);
    assert.deepEqual(
      files.map((node) => [view(node).file, view(node).click, view(node).contextValue]).slice(0, 1),
      [[path.join(dir, 'experiment_info.json'), 'open', 'file']],
    );
    assert.deepEqual(
      treeTargetsOf(undefined, [...files, ...logs]),
      [],
      'file items carry no experimentDir: a run command never acts on a file’s run',
    );
  });

  it('shows a running run whose lock names a dead process as interrupted, resumable from its last checkpoint', () => {
    const experimentsDir = path.join(root, 'interrupted', 'experiments');
    writeRun(experimentsDir, 'cats', '1_tfjs', {
      info: infoOf({ status: 'running' }),
      lockPid: deadPid(),
      files: {
        'checkpoints/last.json': '{}',
        'logs/metrics.jsonl': metricsLine(1, { val_accuracy: 0.25 }) + metricsLine(2, { val_accuracy: 0.5 }),
      },
    });
    const run = onlyRun(experimentsDir);
    const runView = view(run);
    assert.deepEqual(runView.icon, { id: 'warning', color: 'list.warningForeground' });
    assert.equal(runView.description, 'interrupted · epoch 2 · val_accuracy 0.5000');
    assert.deepEqual(tokens(run), ['run', 'status-interrupted', 'resumable', 'has-checkpoints']);
    const tooltip = runView.tooltip;
    assert.ok(tooltip !== undefined && typeof tooltip !== 'string');
    assert.match(tooltip.notes.join(' '), /is gone: Resume continues from its last checkpoint/);
  });

  it('shows an interrupted run without a last checkpoint as not resumable, and says why', () => {
    const experimentsDir = path.join(root, 'interrupted-early', 'experiments');
    writeRun(experimentsDir, 'cats', '1_tfjs', { info: infoOf({ status: 'running' }) });
    const run = onlyRun(experimentsDir);
    assert.deepEqual(tokens(run), ['run', 'status-interrupted']);
    assert.equal(view(run).description, 'interrupted');
    const tooltip = view(run).tooltip;
    assert.ok(tooltip !== undefined && typeof tooltip !== 'string');
    assert.match(tooltip.notes.join(' '), /lock is missing.*no last checkpoint to resume from/);
  });

  it('shows a run whose lock names a live process as running, with its latest epoch from metrics.jsonl', () => {
    const experimentsDir = path.join(root, 'terminal', 'experiments');
    writeRun(experimentsDir, 'boxes', '4_tfjs', {
      info: infoOf({ status: 'running', task_type: 'object detection' }),
      lockPid: process.pid,
      files: {
        'checkpoints/last.json': '{}',
        'logs/metrics.jsonl': `${metricsLine(3, { train_loss: 1.5, val_mAP50: 0.125 })}{"epoch": 4, "st`,
      },
    });
    const run = onlyRun(experimentsDir);
    assert.deepEqual(view(run).icon, { id: 'sync~spin', color: 'charts.blue' });
    assert.equal(view(run).description, 'epoch 3 · val_mAP50 0.1250', 'a half-written line is skipped');
    assert.deepEqual(tokens(run), ['run', 'status-running', 'live', 'has-checkpoints']);
  });

  it('describes a run this window trains by its live progress', () => {
    const experimentsDir = path.join(root, 'window', 'experiments');
    const dir = writeRun(experimentsDir, 'cats', '2_tfjs', { info: infoOf({ status: 'running' }) });
    const progress: RunProgress = {
      ...INITIAL_PROGRESS,
      phase: 'training',
      experimentDir: dir,
      epoch: 3,
      totalEpochs: 10,
      fraction: 0.25,
      etaSeconds: 83,
    };
    const run = onlyRun(experimentsDir);
    const liveness = (asked: string) => (asked === dir ? { progress } : {});
    assert.equal(view(run, liveness).description, 'epoch 3/10 · 25% · ETA 1:23');
    assert.deepEqual(view(run, liveness).icon?.id, 'sync~spin');
    assert.ok(view(run, liveness).contextValue?.split(' ').includes('live'));
    assert.equal(view(run).description, 'interrupted', 'the same folder without its trainer');
  });

  it('shows stopped and failed runs with their icons; a failed run shows its error', () => {
    const experimentsDir = path.join(root, 'ended', 'experiments');
    writeRun(experimentsDir, 'cats', '1_tfjs', {
      info: infoOf({ status: 'stopped', epochs: 1 }),
      files: { 'checkpoints/last.json': '{}', 'app_state.json': '{}' },
    });
    writeRun(experimentsDir, 'cats', '2_tfjs', {
      info: infoOf({
        status: 'failed',
        error: { message: 'The dataset folder data/cats does not exist.', hint: 'Check input.project.' },
      }),
    });
    const runs = childrenOf(at(buildTree([{ name: 'ws', experimentsDir }]).roots, 0));
    const [failed, stopped] = [at(runs, 0), at(runs, 1)];
    assert.deepEqual(view(stopped).icon, { id: 'debug-pause', color: 'debugIcon.pauseForeground' });
    assert.equal(view(stopped).description, 'stopped · 1 epoch');
    assert.deepEqual(tokens(stopped), [
      'run',
      'status-stopped',
      'resumable',
      'rerunnable',
      'has-checkpoints',
    ]);
    assert.deepEqual(view(failed).icon, { id: 'error', color: 'testing.iconFailed' });
    assert.equal(view(failed).description, 'The dataset folder data/cats does not exist.');
    assert.deepEqual(tokens(failed), ['run', 'status-failed'], 'no last checkpoint: not resumable');
    const tooltip = view(failed).tooltip;
    assert.ok(tooltip !== undefined && typeof tooltip !== 'string');
    assert.deepEqual(tooltip.notes, ['The dataset folder data/cats does not exist.', 'Check input.project.']);
  });

  it('takes the task’s primary metric: mAP50 for detection, mIoU for segmentation, else the first', () => {
    const cases: [string, Record<string, number>, string][] = [
      ['object detection', { mAP: 0.1, mAP50: 0.25 }, 'mAP50 0.2500'],
      ['semantic segmentation', { pixel_accuracy: 0.9, mIoU: 0.5 }, 'mIoU 0.5000'],
      ['pose estimation', { AP: 0.75, AR: 0.5 }, 'AP 0.7500'],
    ];
    cases.forEach(([task, metrics, expected], index) => {
      const experimentsDir = path.join(root, `metric-${String(index)}`, 'experiments');
      writeRun(experimentsDir, 'p', '1_x', {
        info: infoOf({ task_type: task, evaluation_metrics: metrics }),
      });
      assert.equal(view(onlyRun(experimentsDir)).description, expected, task);
    });
  });

  it('lists projects, runs newest first, and broken folders with their problem without hiding the rest', () => {
    const experimentsDir = path.join(root, 'mixed', 'experiments');
    writeRun(experimentsDir, 'cats', '1_tfjs', { info: infoOf() });
    writeRun(experimentsDir, 'cats', '10_tfjs', { info: infoOf() });
    writeRun(experimentsDir, 'cats', '2_tfjs', { info: '{"experiment_name": ' });
    writeRun(experimentsDir, 'cats', '11_tfjs');
    writeRun(experimentsDir, 'birds', '5_tfjs', { info: infoOf() });

    const tree = buildTree([{ name: 'ws', experimentsDir }]);
    assert.deepEqual(labels(tree.roots), ['birds', 'cats']);
    const cats = at(tree.roots, 1);
    assert.equal(view(cats).description, '4 runs');
    assert.equal(view(cats).contextValue, 'project');
    const runs = childrenOf(cats);
    assert.deepEqual(labels(runs), ['11_tfjs', '10_tfjs · cats-run', '2_tfjs', '1_tfjs · cats-run']);
    assert.equal(view(at(runs, 0)).description, NO_INFO_YET);
    const broken = view(at(runs, 2));
    assert.deepEqual(broken.icon, { id: 'error', color: 'list.errorForeground' });
    assert.ok(broken.tooltip !== undefined && typeof broken.tooltip !== 'string');
    assert.match(broken.tooltip.notes.join(' '), /not valid JSON/);
    assert.equal(broken.collapsible, 'none');
    assert.equal(broken.contextValue, 'run', 'a broken folder can still be revealed and deleted');
  });

  it('shows a folder that cannot be listed with its problem, in its place', () => {
    // A link to itself cannot be listed (ELOOP), even by root.
    const unlistable = path.join(root, 'loop', 'experiments');
    fs.mkdirSync(path.dirname(unlistable), { recursive: true });
    fs.symlinkSync(unlistable, unlistable);
    const [problem] = buildTree([{ name: 'ws', experimentsDir: unlistable }]).roots;
    assert.ok(problem);
    assert.equal(view(problem).label, unlistable);
    assert.deepEqual(view(problem).icon, { id: 'error', color: 'list.errorForeground' });
    assert.match(plainTooltip(problem), /cannot list the folder/);

    const experimentsDir = path.join(root, 'loop-logs', 'experiments');
    const dir = writeRun(experimentsDir, 'cats', '1_tfjs', {
      info: infoOf(),
      files: { 'checkpoints/last.json': '{}' },
    });
    fs.symlinkSync(path.join(dir, 'logs'), path.join(dir, 'logs'));
    const run = onlyRun(experimentsDir);
    assert.deepEqual(
      labels(childrenOf(run)),
      ['Checkpoints', 'Logs', 'Files'],
      'the other groups still show',
    );
    const [logsProblem] = childrenOf(child(run, 'Logs'));
    assert.ok(logsProblem);
    assert.equal(view(logsProblem).label, 'Cannot be listed');
    assert.match(plainTooltip(logsProblem), new RegExp(`^${path.join(dir, 'logs')}: cannot list the folder`));
  });

  it('groups by workspace folder only when there are several; no experiments at all is an empty tree', () => {
    const first = path.join(root, 'multi', 'a', 'experiments');
    const second = path.join(root, 'multi', 'b', 'experiments');
    const empty = path.join(root, 'multi', 'c', 'experiments');
    writeRun(first, 'cats', '1_tfjs', { info: infoOf() });
    writeRun(second, 'dogs', '1_tfjs', { info: infoOf() });

    const single = buildTree([{ name: 'a', experimentsDir: first }]);
    assert.deepEqual(labels(single.roots), ['cats']);
    const multi = buildTree([
      { name: 'a', experimentsDir: first },
      { name: 'b', experimentsDir: second },
      { name: 'c', experimentsDir: empty },
    ]);
    assert.deepEqual(labels(multi.roots), ['a', 'b'], 'a folder without experiments is left out');
    assert.deepEqual(labels(childrenOf(at(multi.roots, 1))), ['dogs']);
    assert.equal(multi.runs.size, 2);
    assert.deepEqual(buildTree([{ name: 'c', experimentsDir: empty }]).roots, [], 'the welcome view shows');
    assert.deepEqual(buildTree([]).roots, []);
  });
});
